using System.Diagnostics;
using Microsoft.Playwright;
using RelayNovel.Tests.Browser;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Faults;

/// <summary>
/// The baton holder's browser dies (SIGKILL: no unload, no goodbye to the server). Measures how long until the room
/// shows them Disconnected — within seconds, not after Blazor's circuit retention (3 minutes), since the room page's
/// presence pauses when the circuit's connection drops — and that their turn timer keeps running.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VanishingBrowserTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task BatonHoldersBrowserKilled_RoomShowsThemDisconnectedAndTheirTimerKeepsRunning()
    {
        await using var app = new RelayNovelAppFactory();
        var baseUrl = app.StartKestrel().GetLeftPart(UriPartial.Authority).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        var room = await app.Rooms.CreateAsync(new RoomSettings("사라지는 브라우저", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 600));
        using var profile = new TempDirectory();
        using var chromium = StartChromium(profile.Path, out var devTools);
        using var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.ConnectOverCDPAsync(await devTools);
        var page = await browser.Contexts[0].NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"{baseUrl}/rooms/{room.RoomId}");
        await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
        await page.Locator("input[data-testid=join-name]").FillAsync("민지");
        await page.Locator("[data-testid=join-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=turn-editor]")).ToBeEnabledAsync();
        var other = await app.Rooms.JoinAsync(room.RoomId, "서준", null, spectate: false);
        await using var otherPage = await app.Rooms.ConnectAsync(room.RoomId, other.ParticipantKey);
        Assert.Equal(PresenceState.Seated, (await app.Rooms.GetAsync(room.RoomId))!.Seats[0].Presence);

        var clock = Stopwatch.StartNew();
        chromium.Kill(entireProcessTree: true);
        await Deadline.UntilAsync(async () => (await app.Rooms.GetAsync(room.RoomId))!.Seats[0].Presence == PresenceState.Disconnected,
            "the killed browser's seat to show Disconnected (well before the circuit's 3-minute retention)", TimeSpan.FromSeconds(45));
        var noticed = clock.Elapsed;

        var snapshot = (await app.Rooms.GetAsync(room.RoomId))!;
        Assert.Equal((0, PresenceState.Seated), (snapshot.BatonSeatIndex, snapshot.Seats[1].Presence));
        Assert.NotNull(snapshot.TurnDeadline);   // the holder's timer keeps running while they are gone
        output.WriteLine($"baton holder's Chromium killed: the room showed them Disconnected after {noticed.TotalSeconds:F1} s");
    }

    /// <summary>Chromium as its own process (so it can be killed outright), reached over the DevTools protocol.</summary>
    private static Process StartChromium(string profile, out Task<string> devToolsUrl)
    {
        var info = new ProcessStartInfo(ChromiumFactAttribute.ChromiumPath) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--remote-debugging-port=0",
                     $"--user-data-dir={profile}", "about:blank" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            const string marker = "DevTools listening on ";
            if (e.Data?.IndexOf(marker, StringComparison.Ordinal) is int at and >= 0)
            {
                url.TrySetResult(e.Data[(at + marker.Length)..].Trim());
            }
        };
        process.BeginErrorReadLine();
        devToolsUrl = url.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return process;
    }
}
