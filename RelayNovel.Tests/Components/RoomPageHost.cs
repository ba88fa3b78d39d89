using Bunit;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Components.Shared;

namespace RelayNovel.Tests.Components;

/// <summary>Renders the room page as a browser that remembers the given keys, and waits until it is interactive.</summary>
public static class RoomPageHost
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static IRenderedComponent<RoomPage> RenderAs(BunitContext ctx, string roomId, string? participantKey, string? ownerKey = null)
    {
        ctx.JSInterop.Setup<RememberedRoom[]>("relayNovel.storage.getRooms")
            .SetResult([new RememberedRoom(roomId, "", ownerKey, participantKey, 0)]);
        var cut = ctx.Render<RoomPage>(p => p.Add(x => x.RoomId, roomId));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=room]").GetAttribute("data-ready")), Wait);
        return cut;
    }
}
