using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = OpenAI.Chat.ChatMessage;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace RelayNovel.Tests.OpenAi;

/// <summary>
/// Real client libraries against <c>/v1</c>: the official OpenAI .NET SDK's chat client (streaming and not) and
/// Microsoft.Extensions.AI's <see cref="IChatClient"/> over it. The SDK (2.15.0) keeps its legacy completions client
/// internal, so <c>/v1/completions</c> is checked over raw HTTP in <see cref="CompletionsTests"/>.
/// </summary>
public sealed class OpenAiClientTests(OpenAiApp fixture) : IClassFixture<OpenAiApp>
{
    private const long Seed = 2026;

    private OpenAIClient Client() => new(new ApiKeyCredential("not-checked"), new OpenAIClientOptions
    {
        Endpoint = new Uri(fixture.App.Server.BaseAddress, "/v1"),
        Transport = new HttpClientPipelineTransport(fixture.App.CreateClient()),
    });

    private static ChatCompletionOptions Options() => new()
    {
        MaxOutputTokenCount = 20,
        Temperature = 0.9f,
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK; our server honours it.
        Seed = Seed,
#pragma warning restore OPENAI001
    };

    [Fact]
    public async Task OpenAiSdk_ChatStreaming_GivesTheSameTextAsTheWholeAnswerForTheSameSeed()
    {
        var model = await OpenAiApp.ModelIdAsync(fixture.App.CreateClient());
        var chat = Client().GetChatClient(model);
        ChatMessage[] messages = [new UserChatMessage("비 오는 밤, 낡은 서점에서.")];

        ChatCompletion whole = await chat.CompleteChatAsync(messages, Options());
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, Options()))
        {
            updates.Add(update);
        }

        var text = whole.Content[0].Text;
        Assert.NotEmpty(text);
        Assert.Equal(model, whole.Model);
        Assert.Equal(ChatMessageRole.Assistant, whole.Role);
        Assert.InRange(whole.Usage.OutputTokenCount, 1, 20);
        Assert.Equal(text, string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.True(updates.Count(u => u.ContentUpdate.Count > 0) >= 2, "the answer should stream in pieces");
        Assert.Equal(whole.FinishReason, updates.Last(u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task ExtensionsAi_ChatClient_AnswersAndStreamsTheSameText()
    {
        var model = await OpenAiApp.ModelIdAsync(fixture.App.CreateClient());
        using IChatClient chat = Client().GetChatClient(model).AsIChatClient();
        var options = new ChatOptions { MaxOutputTokens = 16, Temperature = 0.8f, Seed = Seed };

        var whole = await chat.GetResponseAsync("눈이 온다.", options);
        var streamed = await chat.GetStreamingResponseAsync("눈이 온다.", options).ToChatResponseAsync();

        Assert.NotEmpty(whole.Text);
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Contains(whole.FinishReason, new ChatFinishReason?[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.Equal(whole.Usage?.OutputTokenCount, streamed.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task OpenAiSdk_ChatWithWrongParameters_FailsWithTheServersMessage()
    {
        var chat = Client().GetChatClient("no-such-model");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("a")], Options()));

        Assert.Equal(404, error.Status);
        Assert.Contains("no-such-model", error.Message);
    }
}
