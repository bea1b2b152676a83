// Status names and formatting.
#include "rules/status.h"

namespace nagame {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidArgument:
      return "invalid_argument";
    case Code::kUnauthenticated:
      return "unauthenticated";
    case Code::kNotFound:
      return "not_found";
    case Code::kPayloadTooLarge:
      return "payload_too_large";
    case Code::kUnsupportedMediaType:
      return "unsupported_media_type";
    case Code::kUnavailable:
      return "unavailable";
    case Code::kFailedPrecondition:
      return "failed_precondition";
    case Code::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  std::string out = CodeName(code_);
  if (!field_.empty()) out += ": " + field_;
  if (!message_.empty()) out += ": " + message_;
  return out;
}

}  // namespace nagame
