// Encoding and decoding of fop replies (fb::Reply), one overload per reply type of the fop list.
// A failed fop travels as its errno alone. decode_reply checks that the field of the reply type
// is present and well-formed (entry names, lock fields, dict values), that a success carries
// errno 0 and a failure a plausible errno (1..4095). readv's data is the frame's bulk data:
// its reply is a byte count equal to the bulk size (checked by the receiver, which knows the
// frame). Pure functions; any thread; no <expected> (the clang fuzz target compiles this).
#pragma once

#include "core/xlators/protocol/wire/fop_signature.hpp"
#include "core/xlators/protocol/wire/values.hpp"

namespace booster::wire {

using ReplyOffset = flatbuffers::Offset<fb::Reply>;

ReplyOffset encode_error(Builder& b, int errnum);
// `fd`: the remote fd id an open, create or opendir made (0 otherwise).
ReplyOffset encode_reply(Builder& b, const Unit& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const Iatt& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const EntryReply& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const std::string& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const std::size_t& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const off_t& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const Dirents& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const Statvfs& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const Names& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const Flock& v, std::uint64_t fd);
ReplyOffset encode_reply(Builder& b, const Dict& v, std::uint64_t fd);

// The errno of a failed reply, 0 for a success; -1 if the errno is not plausible.
int reply_errnum(const fb::Reply& r);

const char* decode_reply(const fb::Reply& r, Unit& out);
const char* decode_reply(const fb::Reply& r, Iatt& out);
const char* decode_reply(const fb::Reply& r, EntryReply& out);
const char* decode_reply(const fb::Reply& r, std::string& out);
const char* decode_reply(const fb::Reply& r, std::size_t& out);
const char* decode_reply(const fb::Reply& r, off_t& out);
const char* decode_reply(const fb::Reply& r, Dirents& out);
const char* decode_reply(const fb::Reply& r, Statvfs& out);
const char* decode_reply(const fb::Reply& r, Names& out);
const char* decode_reply(const fb::Reply& r, Flock& out);
const char* decode_reply(const fb::Reply& r, Dict& out);

// Wraps a Reply (or any body) into a finished Message.
template <class T>
void finish_message(Builder& b, flatbuffers::Offset<T> body) {
    fb::FinishMessageBuffer(b, fb::CreateMessage(b, fb::BodyTraits<T>::enum_value, body.Union()));
}

}  // namespace booster::wire
