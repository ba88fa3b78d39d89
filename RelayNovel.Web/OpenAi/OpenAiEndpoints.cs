using Microsoft.Extensions.Options;
using RelayNovel.Web.Api;
using RelayNovel.Web.OpenAi;

// The framework's namespace for MapXxx extensions, so Program.cs needs no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The OpenAI-compatible routes under <c>/v1</c>, so OpenAI SDKs, SillyTavern's text-completion mode and LangChain
/// can use the local model. Every refusal is in OpenAI's error shape, including unknown <c>/v1</c> routes. Every route
/// asks for the operator's API key when one is set; the generating routes take JSON only and hold a place in the
/// client's generation cap for their whole answer (<see cref="OpenModelAccess"/>). A web node of a cluster refuses them all
/// with 503 (<see cref="ModelApiNode"/>).
/// </summary>
public static class OpenAiEndpoints
{
    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/models", Handle(ListModelsAsync));
        v1.MapGet("/models/{id}", Handle(GetModelAsync));
        v1.MapPost("/completions", Handle(Generating(CompletionEndpoint.HandleAsync)));
        v1.MapPost("/chat/completions", Handle(Generating(ChatEndpoint.HandleAsync)));
        v1.Map("/{**path}", Handle(context => throw OpenAiException.NotFound(
            $"Unknown request URL: {context.Request.Method} {context.Request.Path}. This server offers GET /v1/models, POST /v1/completions and POST /v1/chat/completions.",
            "unknown_url")));
        return app;
    }

    private static RequestDelegate Handle(Func<HttpContext, Task> handler) => context => OpenAiErrors.HandleAsync(context, context =>
    {
        if (!OpenModelAccess.HasKey(context))
        {
            OpenModelAccess.AskForKey(context);
            throw new OpenAiException(StatusCodes.Status401Unauthorized, OpenModelAccess.KeyRefusal(context), "invalid_request_error", "invalid_api_key");
        }
        if (!ModelApiNode.ServesModel(context))
        {
            throw new OpenAiException(StatusCodes.Status503ServiceUnavailable, ModelApiNode.Refusal, "server_error", "model_not_on_this_node");
        }
        return handler(context);
    });

    /// <summary>A route that runs the model: JSON bodies only, and one of the client's places in the cap until its answer ends.</summary>
    private static Func<HttpContext, Task> Generating(Func<HttpContext, Task> handler) => async context =>
    {
        if (!OpenModelAccess.IsJson(context.Request))
        {
            throw new OpenAiException(StatusCodes.Status415UnsupportedMediaType, OpenModelAccess.JsonRefusal(context.Request),
                "invalid_request_error", "unsupported_media_type");
        }
        using var place = OpenModelAccess.TryEnter(context);
        if (place is null)
        {
            var seconds = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.QueueFullRetryAfterSeconds;
            throw new OpenAiException(StatusCodes.Status429TooManyRequests, OpenModelAccess.CapRefusal(context, seconds), "requests", "rate_limit_exceeded")
            {
                RetryAfterSeconds = seconds,
            };
        }
        await handler(context).ConfigureAwait(false);
    };

    private static Task ListModelsAsync(HttpContext context)
    {
        var models = context.RequestServices.GetRequiredService<OpenAiCompletions>();
        object[] data = models.ModelId is { } id ? [ModelObject(context, models, id)] : [];
        return OpenAiJson.WriteAsync(context.Response, StatusCodes.Status200OK, new { Object = "list", Data = data }, context.RequestAborted);
    }

    private static Task GetModelAsync(HttpContext context)
    {
        var models = context.RequestServices.GetRequiredService<OpenAiCompletions>();
        var requested = (string?)context.GetRouteValue("id");
        if (models.ModelId is not { } id || !string.Equals(requested, id, StringComparison.OrdinalIgnoreCase))
        {
            throw OpenAiException.NotFound($"The model '{requested}' does not exist here (see GET /v1/models).", "model_not_found", "model");
        }
        return OpenAiJson.WriteAsync(context.Response, StatusCodes.Status200OK, ModelObject(context, models, id), context.RequestAborted);
    }

    /// <summary>OpenAI's model object, plus vLLM's <c>max_model_len</c> so clients can size their prompts.</summary>
    private static object ModelObject(HttpContext context, OpenAiCompletions models, string id) => new
    {
        Id = id,
        Object = "model",
        Created = OpenAiRequest.Now(context),
        OwnedBy = "relaynovel",
        Root = models.ModelName,
        MaxModelLen = models.ContextLength,
    };
}
