// Nagame's one error vocabulary: a Status (code + message + the offending field) and Result<T>.
//
// Libraries that throw (SQLiteCpp, yaml-cpp, nlohmann) are caught at module boundaries and
// converted into a Status. Statuses become HTTP answers in exactly one place
// (bot/http/response.cc). A Status message must never contain a secret.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace nagame {

enum class Code {
  kOk = 0,
  kInvalidArgument,       // malformed input; field() names what is wrong (HTTP 400)
  kUnauthenticated,       // missing or wrong credentials (401)
  kNotFound,              // no such thing (404)
  kPayloadTooLarge,       // body over the configured limit (413)
  kUnsupportedMediaType,  // wrong Content-Type (415)
  kUnavailable,           // storage or a dependency is down; the sender should retry (503)
  kFailedPrecondition,    // the operation is not possible in the current state (409)
  kInternal,              // a bug (500)
};

// Returns a stable lower-case name for `code`, e.g. "invalid_argument".
const char* CodeName(Code code);

class Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the error is about (JSON pointer-ish path such as "alerts[3].startsAt"),
  // or empty.
  const std::string& field() const { return field_; }

  // "invalid_argument: alerts[3].startsAt: not an RFC 3339 timestamp"
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

inline Status InvalidArgument(std::string message, std::string field = {}) {
  return {Code::kInvalidArgument, std::move(message), std::move(field)};
}
inline Status Unavailable(std::string message) { return {Code::kUnavailable, std::move(message)}; }
inline Status NotFound(std::string message) { return {Code::kNotFound, std::move(message)}; }
inline Status Internal(std::string message) { return {Code::kInternal, std::move(message)}; }

// Either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design; REQUIRES: !ok()

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // REQUIRES: ok()
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // OK when ok(), else the error.
  Status status() const { return ok() ? Status::Ok() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace nagame

#define NAGAME_STATUS_CONCAT_INNER(a, b) a##b
#define NAGAME_STATUS_CONCAT(a, b) NAGAME_STATUS_CONCAT_INNER(a, b)
#define NAGAME_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
// Assigns the value of a Result expression to `lhs`, or returns its error from the enclosing
// function (which must return Status or Result<U>).
#define NAGAME_ASSIGN_OR_RETURN(lhs, expr) \
  NAGAME_ASSIGN_OR_RETURN_IMPL(NAGAME_STATUS_CONCAT(nagame_result_, __LINE__), lhs, expr)
// Returns a non-OK Status from the enclosing function.
#define NAGAME_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::nagame::Status nagame_status_ = (expr);        \
    if (!nagame_status_.ok()) return nagame_status_; \
  } while (0)
