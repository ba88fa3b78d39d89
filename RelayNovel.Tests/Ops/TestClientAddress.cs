using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// The in-memory test server has no client addresses; this gives a request the address named in its
/// <see cref="Header"/>, before anything else in the pipeline sees it (as Kestrel would).
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[Header].FirstOrDefault() is { } address)
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
