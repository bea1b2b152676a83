// Character references for text placed in HTML, SVG, or Slack's mrkdwn (which escapes the
// same &, < and > and nothing else).
#pragma once

#include <string>
#include <string_view>

namespace nagame::bot {

// `text` with & < > replaced by &amp; &lt; &gt; and, when `quotes`, " ' by &quot; &#39; (for
// attribute values). Bytes are otherwise kept as they are.
std::string HtmlEscape(std::string_view text, bool quotes = true);

}  // namespace nagame::bot
