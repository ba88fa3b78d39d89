using System.Net;
using Microsoft.AspNetCore.Http;

namespace RelayNovel.Tests.Components;

/// <summary>What a circuit's connection shows while it starts: a request from <paramref name="address"/>.</summary>
public sealed class FixedClientAddress(IPAddress address) : IHttpContextAccessor
{
    public HttpContext? HttpContext { get; set; } = new DefaultHttpContext { Connection = { RemoteIpAddress = address } };
}
