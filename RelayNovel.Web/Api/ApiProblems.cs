using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>Turns refusals under <c>/api</c> into RFC 7807 problem details with the message meant for the user.</summary>
public sealed partial class ApiProblems(RequestDelegate next, IProblemDetailsService problems, ILogger<ApiProblems> logger)
{
    /// <summary>What a client is told to wait while the store restarts.</summary>
    public static readonly TimeSpan StoreRetryAfter = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (RoomException ex) when (ex.Code == RoomErrorCode.StoreUnavailable && !context.Response.HasStarted)
        {
            await WriteUnavailableAsync(problems, context, StoreRetryAfter, ex.Message, ex.Code.ToString());
        }
        catch (RoomException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, StatusOf(ex.Code), TitleOf(ex.Code), ex.Message, ex.Code.ToString());
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            LogBadRequest(ex.Message);
            await WriteAsync(context, ex.StatusCode, "The request couldn't be read.", ex.Message, "BadRequest");
        }
    }

    public static Task WriteAsync(IProblemDetailsService problems, HttpContext context, int status, string title, string detail, string code) =>
        WriteAsync(problems, context, status, title, detail, code, clear: true);

    private static Task WriteAsync(IProblemDetailsService problems, HttpContext context, int status, string title, string detail, string code, bool clear)
    {
        if (clear)
        {
            context.Response.Clear();
        }
        context.Response.StatusCode = status;
        var details = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://relaynovel.invalid/problems/{code}",
            Instance = context.Request.Path,
        };
        details.Extensions["code"] = code;
        return problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details }).AsTask();
    }

    /// <summary>429 with Retry-After (whole seconds, at least 1): rate limits and a full generation queue.</summary>
    public static Task WriteTooManyRequestsAsync(IProblemDetailsService problems, HttpContext context, TimeSpan retryAfter, string detail, string code)
    {
        context.Response.Clear();
        context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        return WriteAsync(problems, context, StatusCodes.Status429TooManyRequests, "Too many requests", detail, code, clear: false);
    }

    /// <summary>503 with Retry-After: the store is restarting; the same request may succeed then.</summary>
    public static Task WriteUnavailableAsync(IProblemDetailsService problems, HttpContext context, TimeSpan retryAfter, string detail, string code)
    {
        context.Response.Clear();
        context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        return WriteAsync(problems, context, StatusCodes.Status503ServiceUnavailable, "Storage unavailable", detail, code, clear: false);
    }

    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    public static int StatusOf(RoomErrorCode code) => code switch
    {
        RoomErrorCode.NotFound => StatusCodes.Status404NotFound,
        RoomErrorCode.NotYourTurn or RoomErrorCode.RoomFull or RoomErrorCode.SeatTaken => StatusCodes.Status409Conflict,
        RoomErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        RoomErrorCode.RoomStorageFull => StatusCodes.Status413PayloadTooLarge,
        RoomErrorCode.StoreFull => StatusCodes.Status507InsufficientStorage,
        RoomErrorCode.StoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        RoomErrorCode.AiBusy or RoomErrorCode.TooLate or RoomErrorCode.AlreadyVoted or RoomErrorCode.VoteTied
            => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(RoomErrorCode code) => code switch
    {
        RoomErrorCode.NotFound => "Room not found",
        RoomErrorCode.NotYourTurn => "Not your turn",
        RoomErrorCode.InvalidText => "Invalid text",
        RoomErrorCode.TooLong => "Too long",
        RoomErrorCode.RoomFull => "Room full",
        RoomErrorCode.SeatTaken => "Seat taken",
        RoomErrorCode.Forbidden => "Not allowed",
        RoomErrorCode.InvalidSettings => "Invalid settings",
        RoomErrorCode.AiBusy => "AI busy",
        RoomErrorCode.TooLate => "Too late",
        RoomErrorCode.AlreadyVoted => "Already voted",
        RoomErrorCode.VoteTied => "Vote tied",
        RoomErrorCode.RoomStorageFull => "Room storage full",
        RoomErrorCode.StoreFull => "Storage full",
        RoomErrorCode.StoreUnavailable => "Storage unavailable",
        _ => "Refused",
    };

    private Task WriteAsync(HttpContext context, int status, string title, string detail, string code) =>
        WriteAsync(problems, context, status, title, detail, code);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bad API request: {Reason}")]
    private partial void LogBadRequest(string reason);
}
