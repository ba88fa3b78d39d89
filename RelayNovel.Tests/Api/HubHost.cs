using Microsoft.AspNetCore.SignalR.Client;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;

namespace RelayNovel.Tests.Api;

/// <summary>An app served on Kestrel and the SignalR clients a test opens to its room hub; disposing closes them all, then the app.</summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];

    public HubHost(RelayNovelAppFactory app)
    {
        App = app;
        var address = app.StartKestrel();
        Address = new Uri(address.GetLeftPart(UriPartial.Authority).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public RelayNovelAppFactory App { get; }

    /// <summary>The app's loopback address (for HTTP clients beside the hub).</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts a connection to the room hub. <paramref name="origin"/> is sent as a browser's Origin header (null: none,
    /// as programs do); <paramref name="configure"/> registers handlers before the connection starts.
    /// </summary>
    public async Task<HubConnection> ConnectAsync(string? origin = null, Action<HubConnection>? configure = null)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(Address, RoomHub.Path), o =>
        {
            if (origin is not null)
            {
                o.Headers["Origin"] = origin;
            }
        }).Build();
        configure?.Invoke(hub);
        _connections.Add(hub);
        await hub.StartAsync();
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
        await App.DisposeAsync();
    }
}
