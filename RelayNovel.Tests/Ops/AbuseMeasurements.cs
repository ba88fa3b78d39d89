using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RelayNovel.Tests.Api;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// Figures for the abuse cases of the open API, printed, never asserted: run with RELAYNOVEL_MEASURE_URL set and
/// <c>--logger "console;verbosity=detailed"</c>. Load stays bounded and on the address given (loopback).
/// </summary>
public sealed class AbuseMeasurements(ITestOutputHelper output)
{
    private static Uri App => MeasureFactAttribute.Url!;

    /// <summary>300 SubmitTurn calls through the hub, from a foreign origin and then as a program (no Origin).</summary>
    [MeasureFact]
    public async Task Hub_300SubmitTurns_HowManyCommit()
    {
        using var http = new HttpClient { BaseAddress = App };
        var (roomId, key) = await RoomAsync(http, ["human"]);

        var foreign = await TryConnectAsync("http://evil.example");
        output.WriteLine($"hub connect with Origin: http://evil.example -> {foreign.Outcome}");
        var program = (await TryConnectAsync(null)).Hub!;
        var watch = Stopwatch.StartNew();
        var results = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                await program.InvokeAsync<JsonElement>("SubmitTurn", roomId, key, $"{i}번째 문장.");
                results.Add("committed");
            }
            catch (HubException ex)
            {
                results.Add(ex.Message.Contains("RateLimited", StringComparison.Ordinal) ? "rate limited" : ex.Message);
            }
        }
        watch.Stop();
        var room = await http.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");
        output.WriteLine($"300 SubmitTurn without Origin in {watch.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", results.GroupBy(r => r).Select(g => $"{g.Count()} {g.Key}")) + $"; turns stored: {room.GetProperty("turns").GetArrayLength()}");
        await program.DisposeAsync();
    }

    /// <summary>
    /// 66 streaming /v1 clients from one address (RELAYNOVEL_MEASURE_CLIENTS to change it; 0 gives the unloaded
    /// figure) while a room's AI seat gets the baton.
    /// </summary>
    [MeasureFact]
    public async Task V1_66StreamingClients_RoomAiStartsAfter()
    {
        using var http = new HttpClient { BaseAddress = App, Timeout = TimeSpan.FromMinutes(3) };
        var (roomId, key) = await RoomAsync(http, ["human", "ai"]);
        await using var events = await SseStream.GetAsync(http, $"/api/rooms/{roomId}/events");
        await events.NextOfTypeAsync("snapshot");

        const string Body = """{"prompt":"비 오는 밤, 낡은 서점에서","max_tokens":200,"temperature":1,"stream":true}""";
        var count = int.TryParse(Environment.GetEnvironmentVariable("RELAYNOVEL_MEASURE_CLIENTS"), out var n) ? n : 66;
        var clients = Enumerable.Range(0, count).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsStringAsync();
            return response.StatusCode;
        }).ToList();
        // The scenario: the clients are in (admitted or refused) when the baton reaches the AI seat. Not a
        // synchronisation a result depends on, only the order of the story being measured.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();
        var turn = await http.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey = key, text = "기차가 멈췄다." });
        turn.EnsureSuccessStatusCode();
        await events.NextOfTypeAsync("token", timeout: TimeSpan.FromMinutes(3));
        var aiStarted = watch.Elapsed;
        var statuses = await Task.WhenAll(clients);
        output.WriteLine($"{count} streaming /v1 clients (max_tokens 200): {statuses.Count(s => s == HttpStatusCode.OK)} admitted, " +
            $"{statuses.Count(s => s == HttpStatusCode.TooManyRequests)} refused 429, others {statuses.Count(s => s is not HttpStatusCode.OK and not HttpStatusCode.TooManyRequests)}; " +
            $"room AI's first token {aiStarted.TotalSeconds:F2} s after the human turn; all clients done after {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<(string RoomId, string Key)> RoomAsync(HttpClient http, string[] seatPlan)
    {
        var created = await http.PostAsJsonAsync("/api/rooms", new { title = "측정 방", seatPlan, turnTimerSeconds = 0 });
        created.EnsureSuccessStatusCode();
        var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var joined = await http.PostAsJsonAsync($"/api/rooms/{roomId}/seats", new { name = "측정" });
        joined.EnsureSuccessStatusCode();
        return (roomId, (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!);
    }

    private static async Task<(HubConnection? Hub, string Outcome)> TryConnectAsync(string? origin)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(App, "/hubs/room"), o =>
        {
            if (origin is not null)
            {
                o.Headers["Origin"] = origin;
            }
        }).Build();
        try
        {
            await hub.StartAsync();
            return (hub, "connected");
        }
        catch (HttpRequestException ex)
        {
            await hub.DisposeAsync();
            return (null, $"refused {(int?)ex.StatusCode}");
        }
    }
}
