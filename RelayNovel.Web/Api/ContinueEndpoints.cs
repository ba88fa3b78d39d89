using System.Globalization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// <c>POST /api/continue</c>: continues a text with the app's model, through the same fair, bounded queue as the
/// rooms. JSON by default; Server-Sent Events when the client accepts <c>text/event-stream</c>. A client that
/// disconnects cancels its generation (or its place in the queue).
/// </summary>
public static class ContinueEndpoints
{
    public static RouteHandlerBuilder MapContinueApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/continue", ContinueAsync)
            .RequireOpenModelAccess()
            .WithTags("Model")
            .WithName("Continue")
            .WithSummary("Continue a text with the model")
            .WithDescription("Continues `text` with the app's GPT-2 model. Answers JSON {text, finishReason, tokens, model}; with " +
                "`Accept: text/event-stream` it streams {\"type\":\"token\",\"text\":…} events as the model writes, then one " +
                "{\"type\":\"done\",…} (or {\"type\":\"error\",…}) event. Requests share the rooms' generation queue: when it is " +
                "full the answer is 429 with Retry-After. Closing the connection stops the generation.")
            .Produces<ContinueResponse>(StatusCodes.Status200OK)
            .Produces<ContinueEvent>(StatusCodes.Status200OK, ServerSentEvents.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> ContinueAsync(ContinueRequest? body, HttpContext context, AiModel model, BatchScheduler queue,
        ContinueMetrics metrics, TimeProvider time, IOptions<JsonOptions> json, IOptions<ApiOptions> api, IProblemDetailsService problems)
    {
        if (!ModelApiNode.ServesModel(context))
        {
            return await ProblemAsync(problems, context, StatusCodes.Status503ServiceUnavailable, "No model on this node", ModelApiNode.Refusal, "NotOnThisNode");
        }
        var request = body ?? new ContinueRequest(null);
        var contextLength = model.UnavailableReason is null ? model.ContextLength : (int?)null;
        if (request.Problem(contextLength) is { } bad)
        {
            return await ProblemAsync(problems, context, StatusCodes.Status400BadRequest, "Invalid request", bad, "InvalidRequest");
        }
        if (model.UnavailableReason is { } reason)
        {
            return await ProblemAsync(problems, context, StatusCodes.Status503ServiceUnavailable, "No model", reason, "NoModel");
        }

        var settings = request.ToSettings();
        var prompt = model.Fit(pinned: "", request.Text!, settings.MaxTokens);
        var key = $"api:{context.Connection.RemoteIpAddress}";   // fair between clients as between rooms
        var generation = ContinueGeneration.TryStart(key, model, prompt, settings, request.Seed ?? Random.Shared.Next(), metrics);
        if (generation is null)
        {
            var retryAfter = api.Value.QueueFullRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.RetryAfter = retryAfter;   // set late: the problem writer clears headers first
                return Task.CompletedTask;
            });
            return await ProblemAsync(problems, context, StatusCodes.Status429TooManyRequests, "Queue full",
                $"All {queue.Capacity} places in the generation queue are taken. Try again in {retryAfter} s.", "QueueFull");
        }

        var ct = context.RequestAborted;
        using var leaving = ct.Register(generation.Cancel);
        var text = new ContinueText(request.Stop);
        try
        {
            if (ServerSentEvents.IsWanted(context.Request))
            {
                await StreamAsync(context, generation, text, model.ModelName, time, json.Value, api.Value).ConfigureAwait(false);
                return Results.Empty;
            }
            await foreach (var chunk in generation.Chunks.ReadAllAsync(ct).ConfigureAwait(false))
            {
                text.Add(chunk);
                if (text.FinishReason is not null)
                {
                    break;
                }
            }
            text.EndWithout("Cancelled");
            return TypedResults.Ok(new ContinueResponse(text.Text, text.FinishReason!, text.Tokens, model.ModelName));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && ct.IsCancellationRequested)
        {
            return Results.Empty;   // the client left; its generation is cancelled
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            return await ProblemAsync(problems, context, StatusCodes.Status500InternalServerError, "Generation failed", ex.Message, "GenerationFailed");
        }
        finally
        {
            generation.Cancel();   // ended early (stop string, error, client gone): free the model at once
            if (ct.IsCancellationRequested)
            {
                metrics.ClientLeft();
            }
        }
    }

    private static async Task StreamAsync(HttpContext context, ContinueGeneration generation, ContinueText text, string modelName,
        TimeProvider time, JsonOptions json, ApiOptions api)
    {
        var ct = context.RequestAborted;
        var sse = await ServerSentEvents.StartAsync(context, json.SerializerOptions).ConfigureAwait(false);
        long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await sse.PumpAsync(generation.Chunks, async (chunk, token) =>
            {
                var shown = text.Add(chunk);
                if (shown.Length > 0)
                {
                    await sse.EventAsync(new ContinueEvent("token", shown, chunk.Tokens, Now()), token).ConfigureAwait(false);
                }
                return text.FinishReason is null;
            }, TimeSpan.FromSeconds(api.HeartbeatSeconds), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not IOException)
        {
            await sse.EventAsync(new ContinueEvent("error", text.Text, text.Tokens, Now()) { Detail = ex.Message }, ct).ConfigureAwait(false);
            return;
        }
        text.EndWithout("Cancelled");
        await sse.EventAsync(new ContinueEvent("done", text.Text, text.Tokens, Now())
        {
            FinishReason = text.FinishReason,
            Model = modelName,
        }, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> ProblemAsync(IProblemDetailsService problems, HttpContext context, int status, string title, string detail, string code)
    {
        await ApiProblems.WriteAsync(problems, context, status, title, detail, code).ConfigureAwait(false);
        return Results.Empty;
    }
}
