// ReviewScript: j/k between the meeting's rule sections.
#include "bot/report/review_script.h"

namespace nagame::bot::report {

std::string_view ReviewScript() {
  static constexpr std::string_view kScript =
      R"js(// Nagame meeting screen: j / k move to the next / previous rule (focus and scroll).
(function () {
  'use strict';
  function sections() {
    return Array.prototype.slice.call(document.querySelectorAll('section.rule'));
  }
  // The index of the section holding the focus, else a half step before the first section
  // starting below the top of the viewport.
  function position(list) {
    var active = document.activeElement;
    for (var i = 0; i < list.length; i++) {
      if (list[i] === active || list[i].contains(active)) return i;
    }
    for (var j = 0; j < list.length; j++) {
      if (list[j].getBoundingClientRect().top > 1) return j - 0.5;
    }
    return list.length - 0.5;
  }
  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable) return true;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
    return target.tagName === 'INPUT' && !/^(radio|checkbox|submit|button)$/.test(target.type);
  }
  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== 'j' && event.key !== 'k') return;
    if (typing(event.target)) return;
    var list = sections();
    if (list.length === 0) return;
    var at = position(list);
    var next = event.key === 'j' ? Math.floor(at) + 1 : Math.ceil(at) - 1;
    next = Math.max(0, Math.min(list.length - 1, next));
    list[next].focus();
    list[next].scrollIntoView({block: 'start'});
    if (window.history && history.replaceState) history.replaceState(null, '', '#' + list[next].id);
    event.preventDefault();
  });
})();
)js";
  return kScript;
}

}  // namespace nagame::bot::report
