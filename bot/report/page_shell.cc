// RenderDocument and DocumentCsp: the pages' shared head and style sheet.
#include "bot/report/page_shell.h"

#include "bot/html_escape.h"
#include "bot/http/content_security.h"

namespace nagame::bot::report {
namespace {

// Colours: text #1d2430 and links keep AA on white; chart shapes keep 3:1 against their
// background (the bars 4.8:1 and 5.0:1, the lightest heat map step 3.7:1 on its empty row).
constexpr char kStyle[] = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:72rem;
padding:0 1rem;color:#1d2430;background:#fff;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #d5dae1;padding-bottom:.2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
.sub{color:#5b6573;margin-top:0}nav a{margin-right:1rem}
a:focus-visible,section:focus-visible,summary:focus-visible{outline:3px solid #1d4ed8;
outline-offset:2px}
.totals{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.totals div{border:1px solid #d5dae1;border-radius:6px;padding:.5rem .8rem;min-width:8rem}
.totals b{display:block;font-size:1.3rem}
.wide{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #eceff3;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal}
.up{color:#b42318}.down{color:#067647}
.sev{display:inline-block;border-radius:4px;padding:0 .35rem;font-size:.75rem;color:#fff}
.sev.critical{background:#b42318}.sev.warning{background:#b54708}.sev.info{background:#475467}
pre{background:#f5f7fa;padding:.5rem;overflow-x:auto;font-size:.8rem}
.finding{margin:.6rem 0 1rem}.fix{margin:.2rem 0}
svg.bars{display:block;width:100%;max-width:40rem;height:auto}
svg text{font-size:12px;fill:#1d2430}
section.rule{border-top:3px solid #d5dae1;margin-top:2.5rem}
.numbers,.evidence{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;margin:.5rem 0}
.numbers dt,.evidence dt{font-size:.75rem;color:#5b6573}.numbers dd,.evidence dd{margin:0}
.numbers dd{font-weight:600}.replay{max-width:30rem}
.charts{display:flex;flex-wrap:wrap;gap:1rem 2rem}
figure.chart{margin:0;flex:1 1 16rem;max-width:26rem}
figure.chart svg{display:block;width:100%;height:auto}
figcaption{font-size:.85rem;margin-bottom:.3rem}
.sparkline rect.v,.histogram rect.v{fill:#2e6fdb}line.axis{stroke:#667085}
.heatmap rect.day{fill:#f0f2f5}.heatmap .s1{fill:#5479d3}.heatmap .s2{fill:#3a62c6}
.heatmap .s3{fill:#2a4fa8}.heatmap .s4{fill:#1d3a80}.heatmap .s5{fill:#122655}
.chart.timeline{flex-basis:100%;max-width:60rem}.timeline rect.v{fill:#2e6fdb}
.timeline rect.day{fill:#f0f2f5}.timeline circle.ack{fill:#067647}
.timeline line.decision{stroke:#b42318;stroke-width:3}.timeline line.axis{stroke:#98a2b3}
line.marker{stroke-width:3}.marker.current{stroke:#1d2430}
.marker.proposed{stroke:#b42318;stroke-dasharray:5 3}
.chart.line{flex-basis:100%;max-width:60rem}.line polyline.v{fill:none;stroke:#2e6fdb;
stroke-width:2}.line polyline.previous{stroke:#667085;stroke-width:1.5;stroke-dasharray:4 3}
.line line.threshold{stroke:#b42318;stroke-dasharray:6 3}.line line.trend{stroke:#b54708;
stroke-width:2}.line line.median{stroke:#2e6fdb}.line line.median.previous{stroke:#667085}
.line rect.band{fill:#fde2e1}.watch-findings .better{color:#067647}
form.record fieldset{border:1px solid #d5dae1;border-radius:6px;margin:1rem 0}
form.record label{margin-right:.8rem}form.record .note{display:block;margin-top:.5rem}
form.record textarea{display:block;width:100%;max-width:40rem;font:inherit}
form.record button{margin-top:.5rem;font:inherit;padding:.3rem 1rem}
input:focus-visible,textarea:focus-visible,button:focus-visible{outline:3px solid #1d4ed8;
outline-offset:2px}
)css";

}  // namespace

std::string RenderWeekHeading(std::string_view title, const WeekHeading& heading,
                              const std::vector<std::pair<std::string, std::string>>& links) {
  std::string out = "<h1>" + HtmlEscape(title) + "</h1>\n<p class=\"sub\">" +
                    HtmlEscape(heading.window_label) +
                    (heading.partial ? " · so far (the week is running)" : "") +
                    "</p>\n<nav aria-label=\"Weeks\">";
  auto link = [&out](const std::string& href, const std::string& text) {
    if (!href.empty()) out += "<a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(text) + "</a>";
  };
  link(heading.previous_href, "← week before");
  link(heading.next_href, "week after →");
  for (const auto& [href, text] : links) link(href, text);
  return out + "</nav>\n";
}

std::string RenderDocument(std::string_view title, std::string_view body) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      HtmlEscape(title) + "</title><style>" + kStyle + "</style></head><body>\n";
  out += body;
  return out + "</body></html>\n";
}

const std::string& DocumentCsp() {
  static const std::string csp = http::PageCsp({kStyle});
  return csp;
}

const std::string& ScriptedDocumentCsp() {
  static const std::string csp = http::PageCsp({kStyle}, {}, /*self_scripts=*/true);
  return csp;
}

}  // namespace nagame::bot::report
