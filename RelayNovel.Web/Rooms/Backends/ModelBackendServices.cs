using Microsoft.Extensions.Options;
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
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RemoteModelOptions>, RemoteModelOptionsValidator>();
        services.AddSingleton<LocalOnnxBackend>();
        services.AddSingleton<OpenAiCompletions>();
        return services;
    }
}
