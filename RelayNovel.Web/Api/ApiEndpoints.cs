using Scalar.AspNetCore;

namespace RelayNovel.Web.Api;

/// <summary>The open API beyond the room routes: /api/continue, the room hub, the OpenAPI document and its browsable page.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApiStreamsAndDocs(this IEndpointRouteBuilder app)
    {
        app.MapContinueApi();
        app.MapHub<RoomHub>(RoomHub.Path).RequireAllowedOrigin();
        app.MapOpenApi();   // /openapi/v1.json
        // Served from the package's embedded assets; the defaults that would reach the internet are off.
        app.MapScalarApiReference(o => o
            .WithTitle("RelayNovel API")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent());
        return app;
    }
}
