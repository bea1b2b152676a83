// The Content-Security-Policy our responses carry: nothing loads from anywhere unless a page
// names the exact inline style or script it embeds, by its SHA-256 (no 'unsafe-inline').
// Pure functions; thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace nagame::bot::http {

// Sent on every response that is not an HTML page (JSON, text): loads nothing, may not be
// framed, and posts forms only to this origin.
inline constexpr std::string_view kDefaultCsp =
    "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// The CSP source expression for an inline <style> or <script> whose text is exactly `text`:
// "'sha256-<base64 of its SHA-256>'", as browsers compute it over the element's content.
std::string Sha256Source(std::string_view text);

// kDefaultCsp plus `style-src` and `script-src` allowing exactly the given inline texts (each
// by Sha256Source) and, for scripts, same-origin files when `self_scripts`. Images only from
// data: URLs. A directive with nothing allowed is left out (default-src 'none' applies).
std::string PageCsp(std::initializer_list<std::string_view> inline_styles,
                    std::initializer_list<std::string_view> inline_scripts = {},
                    bool self_scripts = false);

}  // namespace nagame::bot::http
