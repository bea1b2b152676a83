// A compact binary form of a normalised Delivery, for the ingest journal: what is appended
// durably before a webhook is acknowledged, and read back when episodes are built from it.
//
// Format (version 1): the byte 0x01, then every field in declaration order; strings and
// counts as unsigned LEB128 varints (strings: length, then bytes), times as zig-zag varints
// of nanoseconds, the alert status as one byte, an absent `ends_at` as the byte 0. Labels and
// annotations as a count, then name/value pairs. Decoding is strict: any byte left over, a
// length past the end, an unknown version or status byte is an error, never undefined
// behaviour, so a damaged journal row is reported, not trusted.
// Version 2 (the byte 0x02) adds, after each alert's generator_url, its `acknowledged_by` as
// an optional (the byte 0, or the byte 1 and the string). A delivery without any acknowledger
// is still written as version 1, so the binary before version 2 can build it (a rollback
// loses only deliveries that carry acks); both versions are read.
#pragma once

#include <string>
#include <string_view>

#include "rules/alert_event.h"
#include "rules/status.h"

namespace nagame::storage {

std::string EncodeDelivery(const rules::Delivery& delivery);

// Errors: kInternal ("journal entry damaged: ...") naming what was malformed.
Result<rules::Delivery> DecodeDelivery(std::string_view bytes);

}  // namespace nagame::storage
