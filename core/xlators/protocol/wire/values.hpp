// Conversions between the engine's value types and their wire forms (booster_wire.fbs).
// from_wire functions of enumerated or constrained values return null when the value is
// acceptable, else a reason (a protocol error). Pure functions; any thread; no <expected>
// (compiled into the clang fuzz target).
#pragma once

#include <flatbuffers/flatbuffers.h>

#include "core/engine/dict.hpp"
#include "core/engine/fop_types.hpp"
#include "core/engine/gfid.hpp"
#include "core/engine/iatt.hpp"
#include "core/xlators/protocol/wire/booster_wire_generated.h"

namespace booster::wire {

using Builder = flatbuffers::FlatBufferBuilder;
using DictVector = flatbuffers::Vector<flatbuffers::Offset<fb::DictEntry>>;

fb::Gfid to_wire(const Gfid& gfid);
Gfid from_wire(const fb::Gfid& gfid);
fb::Iatt to_wire(const Iatt& attr);
Iatt from_wire(const fb::Iatt& attr);
fb::SetAttr to_wire(const SetAttr& attr);
SetAttr from_wire(const fb::SetAttr& attr);
fb::Statvfs to_wire(const Statvfs& st);
Statvfs from_wire(const fb::Statvfs& st);
fb::Flock to_wire(const Flock& lock);
const char* from_wire(const fb::Flock& lock, Flock& out);

flatbuffers::Offset<DictVector> to_wire(Builder& b, const Dict& dict);
const char* from_wire(const DictVector& entries, Dict& out);

flatbuffers::Offset<flatbuffers::Vector<std::uint8_t>> bytes_to_wire(Builder& b, std::string_view bytes);
std::string_view bytes_from_wire(const flatbuffers::Vector<std::uint8_t>& bytes);

// A name a peer sends for one directory entry: non-empty, no '/' and no NUL.
const char* check_entry_name(std::string_view name);

}  // namespace booster::wire
