using System.Globalization;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>A command's reply, or the rules' refusal as plain values (it crosses silos; the caller throws it again).</summary>
public sealed record RoomCallResult(RoomReply? Reply, RoomErrorCode? Error = null, string? Message = null,
    string? TextKey = null, IReadOnlyList<string>? TextArgs = null)
{
    /// <summary>Set when the command answered with a plain text (the owner's "show prompt").</summary>
    public string? Text { get; init; }

    public static RoomCallResult Refused(RoomException ex) => new(null, ex.Code, ex.Message, ex.TextKey,
        [.. ex.TextArgs.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")]);

    /// <summary>The reply, or the refusal thrown as the <see cref="RoomException"/> the rules raised.</summary>
    public RoomReply? ReplyOrThrow()
    {
        if (Error is { } code)
        {
            throw new RoomException(code, Message ?? code.ToString()) { TextKey = TextKey, TextArgs = [.. TextArgs ?? []] };
        }
        return Reply;
    }
}
