using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Web.Api;

/// <summary>
/// Hub methods marked <see cref="RoomWriteAttribute"/> take one write from the caller's address, from the same budget as
/// the HTTP API's writes: a client cannot get past the HTTP limit by switching to the hub. Over it, the call fails with
/// "RateLimited: ..." before the method runs, so nothing of it is stored.
/// </summary>
public sealed class HubWriteLimitFilter(ClientWriteLimiter writes) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethod.GetCustomAttribute<RoomWriteAttribute>() is not null)
        {
            var (allowed, retryAfter) = await writes.TryWriteAsync(invocationContext.Context.GetHttpContext()?.Connection.RemoteIpAddress,
                invocationContext.Context.ConnectionAborted);
            if (!allowed)
            {
                throw new HubException($"RateLimited: {writes.Refusal(retryAfter)}");
            }
        }
        return await next(invocationContext);
    }
}
