using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Components.Shared;

namespace RelayNovel.Tests.Components;

/// <summary>
/// Renders the room page as a browser that remembers the given keys, and waits until it is interactive and shows
/// the room as it is (its own presence events included), so a test's clicks do not race a re-render.
/// </summary>
public static class RoomPageHost
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static async Task<IRenderedComponent<RoomPage>> RenderAsAsync(BunitContext ctx, string roomId, string? participantKey, string? ownerKey = null)
    {
        ctx.JSInterop.Setup<RememberedRoom[]>("relayNovel.storage.getRooms")
            .SetResult([new RememberedRoom(roomId, "", ownerKey, participantKey, 0)]);
        var cut = ctx.Render<RoomPage>(p => p.Add(x => x.RoomId, roomId));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=room]").GetAttribute("data-ready")), Wait);
        var seq = (await ctx.Services.GetRequiredService<RoomClient>().GetAsync(roomId))!.Seq;
        cut.WaitForAssertion(() => Assert.True(long.Parse(cut.Find("[data-testid=room]").GetAttribute("data-seq")!, CultureInfo.InvariantCulture) >= seq), Wait);
        return cut;
    }
}
