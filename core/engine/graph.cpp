#include "core/engine/graph.hpp"

#include <cstring>

#include "core/engine/log.hpp"
#include "core/engine/registry.hpp"

namespace booster {

namespace {

std::string where(const VolfileSpec& spec, int line) { return spec.filename + ":" + std::to_string(line) + ": "; }

const XlatorType* find_type(std::string_view name, std::span<const XlatorType> extra_types) {
    for (const XlatorType& t : extra_types)
        if (t.name == name) return &t;
    return find_xlator_type(name);
}

}  // namespace

std::expected<std::unique_ptr<Graph>, std::string> Graph::build(const VolfileSpec& spec,
                                                                std::span<const XlatorType> extra_types) {
    // Validate everything first: nothing is constructed for a volfile with any error in it.
    std::vector<const XlatorType*> types;
    std::vector<Options> options;
    for (const VolumeSpec& v : spec.volumes) {
        const XlatorType* t = find_type(v.type, extra_types);
        if (t == nullptr) {
            std::string known;
            for (const XlatorType& k : xlator_types()) known += (known.empty() ? "" : ", ") + std::string(k.name);
            return std::unexpected(where(spec, v.type_line) + "volume '" + v.name + "': unknown translator type '" +
                                   v.type + "' (known: " + known + ")");
        }
        auto parsed = Options::parse(t->options, v.options);
        if (!parsed) {
            const int line = parsed.error().line > 0 ? parsed.error().line : v.line;
            return std::unexpected(where(spec, line) + "volume '" + v.name + "' (" + v.type + "): " +
                                   parsed.error().message);
        }
        types.push_back(t);
        options.push_back(std::move(*parsed));
    }

    std::unique_ptr<Graph> g(new Graph());
    for (std::size_t i = 0; i < spec.volumes.size(); ++i) {
        std::unique_ptr<Xlator> xl = types[i]->create();
        xl->name_ = spec.volumes[i].name;
        xl->type_ = spec.volumes[i].type;
        xl->options_ = std::move(options[i]);
        xl->slot_ = i;
        xl->graph_ = g.get();
        for (const std::string& sub : spec.volumes[i].subvolumes) {
            Xlator* child = g->find(sub);
            xl->children_.push_back(child);
            child->parents_.push_back(xl.get());
        }
        g->xlators_.push_back(std::move(xl));
    }
    g->itable_ = std::make_unique<InodeTable>(g->slots());
    return g;
}

std::expected<std::unique_ptr<Graph>, std::string> Graph::from_text(std::string_view text, std::string_view filename,
                                                                    std::span<const XlatorType> extra_types) {
    auto spec = parse_volfile(text, filename);
    if (!spec) return std::unexpected(spec.error());
    return build(*spec, extra_types);
}

std::expected<void, std::string> Graph::activate() {
    // Definition order puts every child before its parents, so this is bottom-up.
    for (; initialised_ < xlators_.size(); ++initialised_) {
        Xlator& xl = *xlators_[initialised_];
        if (Status s = xl.init(); !s) {
            const std::string msg = "volume '" + xl.name() + "' (" + xl.type() + "): init failed: " +
                                    std::strerror(s.error().errnum);
            while (initialised_ > 0) xlators_[--initialised_]->fini();
            return std::unexpected(msg);
        }
        BLOG(LogLevel::kDebug, "graph", "initialised %s (%s)", xl.name().c_str(), xl.type().c_str());
    }
    top().notify(Event::kParentUp, nullptr);
    return {};
}

Graph::~Graph() {
    // fini() first, top-down: a translator finishing background fops (stat-prefetch's
    // lookup-behind) still needs the inodes they hold and the translators below it. Then the
    // inodes and fds still alive drop their contexts, while the translators still exist.
    while (initialised_ > 0) xlators_[--initialised_]->fini();
    itable_.reset();
}

Xlator* Graph::find(std::string_view name) const {
    for (const auto& xl : xlators_)
        if (xl->name() == name) return xl.get();
    return nullptr;
}

}  // namespace booster
