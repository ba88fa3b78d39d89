using System.Net;

namespace RelayNovel.Tests.Faults;

/// <summary>
/// One row of the hostile-input table: what is sent through the public HTTP surface and the refusal expected
/// (any of <see cref="Statuses"/>, with one of <see cref="Codes"/> as the problem's <c>code</c> when given).
/// </summary>
public sealed record HostileInputCase(string Name, Func<HostileRoom, Task<HttpResponseMessage>> Send, HttpStatusCode[] Statuses,
    string[]? Codes = null)
{
    public override string ToString() => Name;

    public static HostileInputCase BadRequest(string name, Func<HostileRoom, Task<HttpResponseMessage>> send, params string[] codes) =>
        new(name, send, [HttpStatusCode.BadRequest], codes.Length == 0 ? null : codes);
}
