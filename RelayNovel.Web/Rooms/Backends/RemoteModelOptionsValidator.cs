using Microsoft.Extensions.Options;

namespace RelayNovel.Web.Rooms.Backends;

/// <summary>Stops the app at start with the first thing wrong in <c>RelayNovel:RemoteModel</c>, in words.</summary>
public sealed class RemoteModelOptionsValidator : IValidateOptions<RemoteModelOptions>
{
    public ValidateOptionsResult Validate(string? name, RemoteModelOptions options) =>
        options?.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
