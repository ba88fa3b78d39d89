using System.Text.Json;
using System.Text.Json.Serialization;
using RelayNovel.Web.Rooms.Feeds;

namespace RelayNovel.Web.Api;

/// <summary>The open API's services: options, the hub and its room feeds, /api/continue's counters, the OpenAPI document.</summary>
public static class ApiServices
{
    public static IServiceCollection AddRelayNovelApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RoomEventCodec>();
        services.AddSingleton<RoomFeed>();
        services.AddSingleton<RoomHubFeeds>();
        services.AddSingleton<InviteLinks>();
        services.AddSingleton<ContinueMetrics>();
        services.AddSingleton<Epub.TrainingDataCredits>();
        // Enums as camelCase strings, as in the HTTP API, for the hub methods' own results.
        services.AddSignalR().AddJsonProtocol(o =>
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "RelayNovel API";
            document.Info.Description = "Relay-novel rooms, their live events (SSE, and a SignalR hub at /hubs/room) and the " +
                "model behind the AI seats. Errors are RFC 7807 problem details with a `code`.";
            return Task.CompletedTask;
        }));
        return services;
    }
}
