using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RelayNovel.Tests.Browser;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Accessibility;

/// <summary>
/// One app, one Chromium and one written story shared by every accessibility test of a class: each page audit is
/// then a page load and an axe run, not an app start. All started lazily, so a skipped test starts nothing.
/// </summary>
public sealed class AccessibilityFixture : IAsyncLifetime
{
    private readonly BrowserServerFixture _server = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BrowserSession? _browser;
    private AuditRoom? _room;

    public string BaseUrl => _server.BaseUrl;

    public async Task<BrowserSession> BrowserAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _browser ??= await BrowserSession.StartAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A room with a human turn and the AI's committed turn; the writer holds the baton again.</summary>
    public async Task<AuditRoom> StoryAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _room ??= await WriteStoryAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new room for one human seat and the AI, written through the HTTP API; returns its id.</summary>
    public async Task<string> CreateRoomAsync(HttpClient http, string title, int maxTokens, string pace)
    {
        var created = await http.PostAsJsonAsync("/api/rooms", new
        {
            title,
            seatPlan = new[] { "human", "ai" },
            turnTimerSeconds = 0,
            // A fixed length: a random-weight model may "end a sentence" after one token.
            ai = new { temperature = 0.9, topK = 40, topP = 0.95, repetitionPenalty = 1.1, maxTokens, endAtSentence = false, pace },
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A fresh profile that remembers <paramref name="participantKey"/> for the room and the chosen theme.</summary>
    public async Task<IPage> NewPersonAsync(string? roomId, string? participantKey, bool dark)
    {
        var page = await (await BrowserAsync()).NewPersonAsync(BaseUrl);
        var remembered = roomId is null || participantKey is null
            ? "[]"
            : JsonSerializer.Serialize(new[] { new { id = roomId, title = "", ownerKey = (string?)null, participantKey, lastSeen = 1 } });
        await page.AddInitScriptAsync(
            $"localStorage.setItem('relaynovel.rooms', {JsonSerializer.Serialize(remembered)}); localStorage.setItem('relaynovel.dark', '{(dark ? "1" : "0")}');");
        return page;
    }

    private async Task<AuditRoom> WriteStoryAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var roomId = await CreateRoomAsync(http, "접근성 점검", maxTokens: 12, pace: "asGenerated");
        var joined = await http.PostAsJsonAsync($"/api/rooms/{roomId}/seats", new { name = "민지" });
        joined.EnsureSuccessStatusCode();
        var writer = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
        (await http.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey = writer, text = "비가 내렸다." })).EnsureSuccessStatusCode();
        await Deadline.UntilAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}")).GetProperty("turns").GetArrayLength() >= 2,
            "the AI turn of the audited room to be committed", TimeSpan.FromSeconds(60));
        var spectator = await _server.App.Rooms.JoinAsync(roomId, "관객", null, spectate: true);
        return new AuditRoom(roomId, writer, spectator.ParticipantKey);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _server.Dispose();
        _gate.Dispose();
    }
}
