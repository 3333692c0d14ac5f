// Ref<T>: an intrusive reference-counted handle for Inode and Fd.
//
// T provides ref() and unref() (unref destroys or recycles the object at zero). Copying a Ref
// takes a reference, moving one transfers it. Safe to copy and drop from any thread; the
// pointee's own members follow its own thread-safety rules.
#pragma once

#include <utility>

namespace booster {

template <class T>
class Ref {
public:
    Ref() = default;
    // Adopts a new reference on `p` (p->ref() is called).
    explicit Ref(T* p) : p_(p) {
        if (p_ != nullptr) p_->ref();
    }
    Ref(const Ref& o) : Ref(o.p_) {}
    // Wraps a reference the caller already took (for code that counts under its own lock).
    static Ref adopt(T* p) {
        Ref r;
        r.p_ = p;
        return r;
    }
    Ref(Ref&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    Ref& operator=(Ref o) noexcept {
        std::swap(p_, o.p_);
        return *this;
    }
    ~Ref() {
        if (p_ != nullptr) p_->unref();
    }

    // Gives the reference up without dropping it: the caller owns it from then on, or leaks it
    // on purpose (a forked child's handles of its parent's engine).
    T* release() noexcept { return std::exchange(p_, nullptr); }

    T* get() const noexcept { return p_; }
    T* operator->() const noexcept { return p_; }
    T& operator*() const noexcept { return *p_; }
    explicit operator bool() const noexcept { return p_ != nullptr; }
    friend bool operator==(const Ref& a, const Ref& b) noexcept { return a.p_ == b.p_; }

private:
    T* p_ = nullptr;
};

}  // namespace booster
