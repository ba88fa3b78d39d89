using System.Net;
using System.Text;

namespace RelayNovel.Tests.Faults;

/// <summary>The hostile-input table: each row is refused with a problem and changes nothing.</summary>
public static class HostileInputTable
{
    private static readonly HttpStatusCode[] Conflict = [HttpStatusCode.Conflict];

    public static IReadOnlyList<HostileInputCase> Cases { get; } =
    [
        // Creating a room (POST /api/rooms).
        Bad("room: empty title", r => r.CreateRoom(new { title = "" }), "InvalidSettings"),
        Bad("room: whitespace-only title", r => r.CreateRoom(new { title = "   \u3000 " }), "InvalidSettings"),
        Bad("room: oversize title", r => r.CreateRoom(new { title = new string('가', 101) }), "InvalidSettings"),
        Bad("room: oversize premise", r => r.CreateRoom(new { title = "t", premise = new string('나', 4001) }), "InvalidSettings"),
        Bad("room: premise as one 1,000,000-character line", r => r.CreateRoom(new { title = "t", premise = new string('x', 1_000_000) }), "InvalidSettings"),
        Bad("room: NUL in title", r => r.CreateRoom(new { title = "제목\u0000" }), "InvalidSettings"),
        Bad("room: ANSI escape in premise", r => r.CreateRoom(new { title = "t", premise = "\u001b[31m빨강" }), "InvalidSettings"),
        Bad("room: bidi override in title", r => r.CreateRoom(new { title = "\u202Egnp.exe" }), "InvalidSettings"),
        Bad("room: zero-width space in title", r => r.CreateRoom(new { title = "제\u200B목" }), "InvalidSettings"),
        Bad("room: lone surrogate in title (JSON escape)", r => r.CreateRoomRaw("""{"title":"a\ud800b"}""")),
        Bad("room: negative temperature", r => r.CreateRoom(new { title = "t", ai = new { temperature = -1 } }), "InvalidSettings"),
        Bad("room: NaN temperature (bare token)", r => r.CreateRoomRaw("""{"title":"t","ai":{"temperature":NaN}}"""), "BadRequest"),
        Bad("room: \"NaN\" temperature (string)", r => r.CreateRoomRaw("""{"title":"t","ai":{"temperature":"NaN"}}""")),
        Bad("room: temperature beyond float", r => r.CreateRoomRaw("""{"title":"t","ai":{"temperature":1e39}}""")),
        Bad("room: huge temperature", r => r.CreateRoom(new { title = "t", ai = new { temperature = 1e30 } }), "InvalidSettings"),
        Bad("room: top-p 0", r => r.CreateRoom(new { title = "t", ai = new { topP = 0 } }), "InvalidSettings"),
        Bad("room: top-p 1.5", r => r.CreateRoom(new { title = "t", ai = new { topP = 1.5 } }), "InvalidSettings"),
        Bad("room: negative top-k", r => r.CreateRoom(new { title = "t", ai = new { topK = -1 } }), "InvalidSettings"),
        Bad("room: repetition penalty 0", r => r.CreateRoom(new { title = "t", ai = new { repetitionPenalty = 0 } }), "InvalidSettings"),
        Bad("room: negative max tokens", r => r.CreateRoom(new { title = "t", ai = new { maxTokens = -5 } }), "InvalidSettings"),
        Bad("room: zero max tokens", r => r.CreateRoom(new { title = "t", ai = new { maxTokens = 0 } }), "InvalidSettings"),
        Bad("room: huge max tokens", r => r.CreateRoom(new { title = "t", ai = new { maxTokens = 100_000 } }), "InvalidSettings"),
        Bad("room: max tokens beyond int", r => r.CreateRoomRaw("""{"title":"t","ai":{"maxTokens":2147483648}}"""), "BadRequest"),
        Bad("room: negative turn length limit", r => r.CreateRoom(new { title = "t", maxTurnChars = -1 }), "InvalidSettings"),
        Bad("room: negative turn timer", r => r.CreateRoom(new { title = "t", turnTimerSeconds = -30 }), "InvalidSettings"),
        Bad("room: no seats", r => r.CreateRoom(new { title = "t", seatPlan = Array.Empty<string>() }), "InvalidSettings"),
        Bad("room: AI seats only", r => r.CreateRoom(new { title = "t", seatPlan = new[] { "ai", "ai" } }), "InvalidSettings"),
        Bad("room: unknown seat kind", r => r.CreateRoom(new { title = "t", seatPlan = new[] { "human", "robot" } }), "BadRequest"),
        Bad("room: 13 seats", r => r.CreateRoom(new { title = "t", seatPlan = Enumerable.Repeat("human", 13) }), "InvalidSettings"),
        Bad("room: invalid JSON", r => r.CreateRoomRaw("""{"title": """), "BadRequest"),
        Bad("room: JSON array instead of object", r => r.CreateRoomRaw("[1, 2, 3]"), "BadRequest"),
        new("room: wrong content type", r => r.Http.PostAsync("api/rooms", new StringContent("""{"title":"t"}""", Encoding.UTF8, "text/plain")),
            [HttpStatusCode.UnsupportedMediaType], ["BadRequest"]),

        // Writing a turn (POST /api/rooms/{id}/turns) as the baton holder unless said otherwise.
        Bad("turn: empty", r => r.Submit(""), "InvalidText"),
        Bad("turn: whitespace only", r => r.Submit(" \n \u3000 \n"), "InvalidText"),
        Bad("turn: oversize", r => r.Submit(new string('다', 2001)), "TooLong"),
        Bad("turn: one 5,000,000-character line", r => r.Submit(new string('r', 5_000_000)), "TooLong"),
        Bad("turn: bell control character", r => r.Submit("벨\u0007소리"), "InvalidText"),
        Bad("turn: NUL", r => r.Submit("끝\u0000"), "InvalidText"),
        Bad("turn: lone low surrogate (JSON escape)", r => r.SubmitRaw("\"글\\udc00자\"")),
        Bad("turn: invalid UTF-8 bytes", r => r.SubmitBytes([0xEA, 0xB8, 0x28, 0xC3, 0x28])),
        Bad("turn: zero-width space", r => r.Submit("보이지\u200B않는"), "InvalidText"),
        Bad("turn: word joiner / BOM", r => r.Submit("\uFEFF시작"), "InvalidText"),
        Bad("turn: bidi override", r => r.Submit("정상 \u202E트로이 목마"), "InvalidText"),
        Bad("turn: bidi isolate", r => r.Submit("정상 \u2067숨김\u2069"), "InvalidText"),
        Bad("turn: oversize submission id", r => r.Submit("좋은 문장.", submissionId: new string('i', 101)), "InvalidText"),
        Bad("turn: invalid JSON", r => r.Http.PostAsync($"api/rooms/{r.Id}/turns", HostileRoom.Json("{\"text\": \"a\",")), "BadRequest"),
        new("turn: form-encoded body", r => r.Http.PostAsync($"api/rooms/{r.Id}/turns",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["participantKey"] = r.HolderKey, ["text"] = "폼" })),
            [HttpStatusCode.UnsupportedMediaType], ["BadRequest"]),
        new("turn: no participant key", r => r.Submit("누구게?", key: ""), [HttpStatusCode.Forbidden], ["Forbidden"]),
        new("turn: key from another room", r => r.Submit("남의 방 열쇠.", key: r.OtherRoomKey), [HttpStatusCode.Forbidden], ["Forbidden"]),
        new("turn: removed writer writes again", r => r.Submit("다시 왔다.", key: r.KickedKey),
            [HttpStatusCode.Forbidden, HttpStatusCode.Conflict], ["Forbidden", "NotYourTurn"]),
        new("turn: owner key is not a seat", r => r.Submit("주인이다.", key: r.OwnerKey), [HttpStatusCode.Forbidden], ["Forbidden"]),

        // Room actions: the draft, undo, the vote, and the owner's tools (skip, kick, glossary, show prompt).
        new("draft: key from another room", r => r.Action(HttpMethod.Put, "draft", new { participantKey = r.OtherRoomKey, text = "남의 초안" }),
            [HttpStatusCode.Forbidden], ["Forbidden"]),
        new("draft: not the baton holder", r => r.Action(HttpMethod.Put, "draft", new { participantKey = r.NextKey, text = "새치기 초안" }), Conflict, ["NotYourTurn"]),
        new("draft: removed writer", r => r.Action(HttpMethod.Put, "draft", new { participantKey = r.KickedKey, text = "다시 왔다" }),
            [HttpStatusCode.Forbidden, HttpStatusCode.Conflict], ["Forbidden", "NotYourTurn"]),
        Bad("draft: oversize", r => r.Action(HttpMethod.Put, "draft", new { participantKey = r.HolderKey, text = new string('초', 40_001) }), "TooLong"),
        new("undo: no participant key", r => r.Action(HttpMethod.Post, "turns/undo", new { }), [HttpStatusCode.Forbidden], ["Forbidden"]),
        Bad("vote: no candidate", r => r.Action(HttpMethod.Post, "vote", new { participantKey = r.HolderKey }), "InvalidSettings"),
        new("owner: skip with a writer's key", r => r.Action(HttpMethod.Post, "skip", new { ownerKey = r.HolderKey }), [HttpStatusCode.Forbidden], ["Forbidden"]),
        new("owner: kick without a key", r => r.Action(HttpMethod.Post, "seats/1/kick", new { }), [HttpStatusCode.Forbidden], ["Forbidden"]),
        new("owner: close the vote with another room's key", r => r.Action(HttpMethod.Post, "vote/close", new { ownerKey = r.OtherRoomKey }),
            [HttpStatusCode.Forbidden], ["Forbidden"]),
        new("owner: glossary with a writer's key", r => r.Glossary(r.HolderKey, new { name = "민지", line = "서점 주인." }),
            [HttpStatusCode.Forbidden], ["Forbidden"]),
        new("owner: show prompt without the key", r => r.Http.GetAsync($"api/rooms/{r.Id}/prompt"), [HttpStatusCode.Forbidden], ["Forbidden"]),
        Bad("glossary: control character in a line", r => r.Glossary(r.OwnerKey, new { name = "민지", line = "종\u0007소리" }), "InvalidSettings"),
        Bad("glossary: 41 entries", r => r.Glossary(r.OwnerKey, [.. Enumerable.Range(0, 41).Select(i => (object)new { name = $"이름{i}", line = "한 줄." })]),
            "InvalidSettings"),
        Bad("glossary: markup as a name", r => r.Glossary(r.OwnerKey, new { name = "<script>alert(1)</script>" + new string('x', 40), line = "x" }),
            "InvalidSettings"),
        Bad("glossary: entries missing", r => r.Action(HttpMethod.Put, "glossary", new { ownerKey = r.OwnerKey }), "InvalidSettings"),

        // Joining (POST /api/rooms/{id}/seats).
        Bad("join: empty name", r => r.Join(new { name = " " }), "InvalidText"),
        Bad("join: oversize name", r => r.Join(new { name = new string('마', 41) }), "TooLong"),
        Bad("join: control character in name", r => r.Join(new { name = "이름\u0008" }), "InvalidText"),
        Bad("join: bidi override in name", r => r.Join(new { name = "\u202E관리자" }), "InvalidText"),
        new("join: negative seat", r => r.Join(new { name = "음수", seatIndex = -1 }), Conflict, ["SeatTaken"]),
        new("join: seat beyond int range", r => r.Join(new { name = "큰 수", seatIndex = int.MaxValue }), Conflict, ["SeatTaken"]),

        // Room ids and export formats.
        new("id: unknown room", r => r.Http.GetAsync("api/rooms/AAAAAAAAAAAAAAAAAAAAAA"), [HttpStatusCode.NotFound], ["NotFound"]),
        new("id: path traversal", r => r.Http.GetAsync("api/rooms/..%2F..%2Fetc%2Fpasswd"), [HttpStatusCode.NotFound], ["NotFound", "NoRoute"]),
        new("id: 5,000-character id", r => r.Http.GetAsync($"api/rooms/{new string('A', 5000)}"), [HttpStatusCode.NotFound], ["NotFound"]),
        new("id: turn into an unknown room", r => r.Http.PostAsync("api/rooms/AAAAAAAAAAAAAAAAAAAAAA/turns",
            HostileRoom.Json("""{"participantKey":"x","text":"a"}""")), [HttpStatusCode.NotFound], ["NotFound"]),
        new("id: SSE client asking for an unknown room", r => EventStream(r, "api/rooms/AAAAAAAAAAAAAAAAAAAAAA/events"),
            [HttpStatusCode.NotFound], ["NotFound", "NoRoute"]),
        Bad("export: path traversal in format", r => r.Http.GetAsync($"api/rooms/{r.Id}/export?format=..%2F..%2F..%2Fetc%2Fpasswd"), "InvalidSettings"),
        Bad("export: format with a path", r => r.Http.GetAsync($"api/rooms/{r.Id}/export?format=txt%2F..%2Fmd"), "InvalidSettings"),
        Bad("export: format with NUL", r => r.Http.GetAsync($"api/rooms/{r.Id}/export?format=txt%00"), "InvalidSettings"),
        new("export: unknown room", r => r.Http.GetAsync("api/rooms/AAAAAAAAAAAAAAAAAAAAAA/export?format=md"), [HttpStatusCode.NotFound], ["NotFound"]),
    ];

    private static HostileInputCase Bad(string name, Func<HostileRoom, Task<HttpResponseMessage>> send, params string[] codes) =>
        HostileInputCase.BadRequest(name, send, codes);

    private static Task<HttpResponseMessage> EventStream(HostileRoom r, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        return r.Http.SendAsync(request);
    }
}
