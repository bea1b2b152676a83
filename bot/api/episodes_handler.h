// GET /api/v1/episodes?rule=&source=&fingerprint=&from=&to=&limit= (design §7): episodes that
// overlap the window (default: the last 7 days), newest first.
#pragma once

#include <functional>

#include "bot/api/read_store.h"
#include "bot/http/handler.h"
#include "rules/clock.h"

namespace nagame::bot {

// `store` must outlive the handler; `clock` gives "now" for relative windows.
http::Handler MakeEpisodesHandler(ReadStore* store, Clock clock);

}  // namespace nagame::bot
