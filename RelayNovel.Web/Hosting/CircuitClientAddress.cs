using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// The address of the browser behind a Blazor circuit, so the home page's create and import draw from the same
/// per-client write budget as the HTTP API. The HTTP context is only there while the circuit's connection is being set
/// up (later events run without one), so the address is taken then and kept.
/// </summary>
public sealed class CircuitClientAddress(IHttpContextAccessor http) : CircuitHandler
{
    /// <summary>Null when the circuit's connection had no address (in-process hosts): such clients are not limited.</summary>
    public IPAddress? Address { get; private set; } = http.HttpContext?.Connection.RemoteIpAddress;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    /// <summary>A reconnect may come from a new address (a phone that changed networks).</summary>
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    private void Capture()
    {
        if (http.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            Address = address;
        }
    }
}
