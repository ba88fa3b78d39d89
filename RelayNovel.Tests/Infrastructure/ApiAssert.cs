using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelayNovel.Tests.Infrastructure;

public static class ApiAssert
{
    /// <summary>Asserts an RFC 7807 answer with this status and <c>code</c> and a message for the user; returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
