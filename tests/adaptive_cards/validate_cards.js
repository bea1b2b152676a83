// Parses every Teams Adaptive Card found in the given golden files or folders with Microsoft's
// adaptivecards package at the card's declared version; exits 1 when a card uses anything its
// version does not support, fails to parse or validate, or when no card was found at all.
// Usage: node validate_cards.js PATH...   (run by ctest: adaptive_cards_goldens)
"use strict";
const fs = require("fs");
const path = require("path");

let AC;
try {
  // The UMD bundle: the package's "main" is ES modules without file extensions, which Node
  // cannot load.
  AC = require("adaptivecards/dist/adaptivecards.js");
} catch (e) {
  console.error("adaptivecards is not installed: run scripts/install-deps.sh test (" + e.message + ")");
  process.exit(1);
}

function jsonFiles(p) {
  if (fs.statSync(p).isDirectory()) {
    return fs.readdirSync(p).sort().flatMap((n) => jsonFiles(path.join(p, n)));
  }
  return p.endsWith(".json") ? [p] : [];
}

// The Adaptive Cards inside a Bot-Framework-style message (what the Teams Workflows webhook
// gets), or the file itself when it is a bare card.
function cardsOf(doc) {
  if (doc && doc.type === "AdaptiveCard") return [doc];
  const attachments = (doc && Array.isArray(doc.attachments)) ? doc.attachments : [];
  return attachments
    .filter((a) => a && a.contentType === "application/vnd.microsoft.card.adaptive")
    .map((a) => a.content);
}

function problemsOf(content) {
  const problems = [];
  const version = AC.Version.parse(content.version, new AC.SerializationContext());
  if (!version || !version.isValid) return ["invalid version " + JSON.stringify(content.version)];
  if (version.major !== 1 || version.minor > AC.Versions.latest.minor) {
    problems.push("version " + content.version + " is not one this parser knows");
  }
  const context = new AC.SerializationContext(version);
  const card = new AC.AdaptiveCard();
  card.parse(content, context);
  for (let i = 0; i < context.eventCount; i++) problems.push("parse: " + context.getEventAt(i).message);
  const results = card.validateProperties();
  for (const e of results.validationEvents) problems.push("validate: " + e.message);
  return problems;
}

let cards = 0;
let failed = 0;
for (const arg of process.argv.slice(2)) {
  for (const file of jsonFiles(arg)) {
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      continue;  // not JSON: not a card
    }
    for (const content of cardsOf(doc)) {
      ++cards;
      const problems = problemsOf(content);
      if (problems.length > 0) {
        ++failed;
        for (const p of problems) console.error(file + " (version " + content.version + "): " + p);
      } else {
        console.log("ok " + file + " (version " + content.version + ")");
      }
    }
  }
}
if (cards === 0) {
  console.error("no Adaptive Card found in " + process.argv.slice(2).join(" "));
  process.exit(1);
}
console.log(cards + " cards, " + failed + " failing");
process.exit(failed > 0 ? 1 : 0);
