using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// One per circuit: tells <see cref="CircuitActivity"/> when the circuit's connection comes and goes, and which
/// room page it shows (it follows in-app navigation, since one circuit can visit several rooms).
/// </summary>
public sealed class CircuitActivityHandler(CircuitActivity activity, NavigationManager navigation) : CircuitHandler
{
    private readonly Lock _gate = new();
    private bool _connected;
    private string? _roomId;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        navigation.LocationChanged += OnLocationChanged;
        lock (_gate)
        {
            _roomId = RoomIdOf(navigation.Uri);
        }
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_connected)
            {
                _connected = true;
                activity.Connect(_roomId);
            }
        }
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        MarkDown();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        navigation.LocationChanged -= OnLocationChanged;
        MarkDown();
        return Task.CompletedTask;
    }

    /// <summary>The room id of a <c>/rooms/{id}</c> address; null for any other page.</summary>
    internal static string? RoomIdOf(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return null;
        }
        var segments = parsed.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["rooms", var id, ..] ? id : null;
    }

    private void MarkDown()
    {
        lock (_gate)
        {
            if (_connected)
            {
                _connected = false;
                activity.Disconnect(_roomId);
            }
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        lock (_gate)
        {
            var next = RoomIdOf(e.Location);
            if (next == _roomId)
            {
                return;
            }
            if (_connected)
            {
                activity.Leave(_roomId);
                activity.Enter(next);
            }
            _roomId = next;
        }
    }
}
