using RelayNovel.Web.OpenAi;
using RelayNovel.Web.Rooms.Backends;

// The framework's namespace for AddXxx extensions, so the host's registration list needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the model backends behind <see cref="AiModel"/> and the OpenAI-compatible <c>/v1</c> service.</summary>
public static class ModelBackendServices
{
    public static IServiceCollection AddModelBackends(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RemoteModelOptions>()
            .Bind(configuration.GetSection(RemoteModelOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Problem() is null, "RelayNovel:RemoteModel is incomplete: set BaseUrl to an http(s) URL and Model to the model's name.")
            .ValidateOnStart();
        services.AddSingleton<LocalOnnxBackend>();
        services.AddSingleton<OpenAiCompletions>();
        return services;
    }
}
