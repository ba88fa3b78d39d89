using Bunit;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

public sealed class TurnEditorTests
{
    [Fact]
    public async Task TurnEditor_NotBatonHolder_EditorAndSubmitDisabled()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<TurnEditor>(p => p.Add(x => x.Enabled, false));

        Assert.True(cut.Find("[data-testid=turn-editor]").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid=turn-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task TurnEditor_BatonHolder_EditorAndSubmitEnabled()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<TurnEditor>(p => p.Add(x => x.Enabled, true));

        Assert.False(cut.Find("[data-testid=turn-editor]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=turn-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task TurnEditor_TextTyped_CounterShowsLengthAndDraftIsSent()
    {
        await using var ctx = UiTestContext.Create();
        string? draft = null;
        var cut = ctx.Render<TurnEditor>(p => p
            .Add(x => x.Enabled, true)
            .Add(x => x.MaxChars, 300)
            .Add(x => x.OnDraftChanged, (string text) => draft = text));

        await cut.InvokeAsync(() => cut.Instance.OnEditorText("안녕하세요"));

        Assert.Equal("5 / 300", cut.Find("[data-testid=turn-counter]").TextContent.Trim());
        Assert.Equal("안녕하세요", draft);
    }

    [Fact]
    public async Task TurnEditor_TextTypedAndRerendered_ServerNeverWritesIntoTheEditor()
    {
        await using var ctx = UiTestContext.Create();
        // The Korean IME guarantee: a server render must not carry the text back into the textarea.
        var cut = ctx.Render<TurnEditor>(p => p.Add(x => x.Enabled, true));

        await cut.InvokeAsync(() => cut.Instance.OnEditorText("ㅇ"));
        await cut.InvokeAsync(() => cut.Instance.OnEditorText("안녕"));
        cut.Render(p => p.Add(x => x.Enabled, true));

        var editor = cut.Find("[data-testid=turn-editor]");
        Assert.Null(editor.GetAttribute("value"));
        Assert.Equal("", editor.TextContent);
    }

    [Fact]
    public async Task TurnEditor_SubmitWhitespace_ShowsErrorAndSendsNothing()
    {
        await using var ctx = UiTestContext.Create();
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult("   \n ");
        var submitted = new List<string>();
        var cut = ctx.Render<TurnEditor>(p => p
            .Add(x => x.Enabled, true)
            .Add(x => x.Submit, text => { submitted.Add(text); return Task.CompletedTask; }));

        cut.Find("[data-testid=turn-submit]").Click();

        Assert.Contains("내용을 입력해 주세요", cut.Find("[data-testid=turn-error]").TextContent);
        Assert.Empty(submitted);
    }

    [Fact]
    public async Task TurnEditor_SubmitOverLimit_ShowsLimitAndSendsNothing()
    {
        await using var ctx = UiTestContext.Create();
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult(new string('가', 11));
        var submitted = new List<string>();
        var cut = ctx.Render<TurnEditor>(p => p
            .Add(x => x.Enabled, true)
            .Add(x => x.MaxChars, 10)
            .Add(x => x.Submit, text => { submitted.Add(text); return Task.CompletedTask; }));

        cut.Find("[data-testid=turn-submit]").Click();

        Assert.Contains("10자까지", cut.Find("[data-testid=turn-error]").TextContent);
        Assert.Empty(submitted);
    }

    [Fact]
    public async Task TurnEditor_SubmitRefusedByRoom_ShowsTheReasonAndKeepsText()
    {
        await using var ctx = UiTestContext.Create();
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult("이어서 씁니다.");
        var cut = ctx.Render<TurnEditor>(p => p
            .Add(x => x.Enabled, true)
            .Add(x => x.Submit, _ => throw new RoomException(RoomErrorCode.NotYourTurn, "not your turn")));

        cut.Find("[data-testid=turn-submit]").Click();

        Assert.Contains("내 차례가 아닙니다", cut.Find("[data-testid=turn-error]").TextContent);
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "relayNovel.editor.clear");
    }

    [Fact]
    public async Task TurnEditor_SubmitAccepted_SendsTheTextAndClearsTheEditor()
    {
        await using var ctx = UiTestContext.Create();
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult("안녕, 세상.");
        var submitted = new List<string>();
        var cut = ctx.Render<TurnEditor>(p => p
            .Add(x => x.Enabled, true)
            .Add(x => x.Submit, text => { submitted.Add(text); return Task.CompletedTask; }));

        cut.Find("[data-testid=turn-submit]").Click();

        Assert.Equal(["안녕, 세상."], submitted);
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "relayNovel.editor.clear");
        Assert.Empty(cut.FindAll("[data-testid=turn-error]"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("열 글자를 넘는 아주 긴 문장입니다")]
    public async Task TurnEditor_CtrlEnterRefusedLocally_MessageShownAtOnce(string text)
    {
        await using var ctx = UiTestContext.Create();
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult(text);
        var submitted = false;
        var cut = ctx.Render<TurnEditor>(p => p
            .Add(x => x.Enabled, true)
            .Add(x => x.MaxChars, 10)
            .Add(x => x.Submit, _ => { submitted = true; return Task.CompletedTask; }));

        await cut.InvokeAsync(() => cut.Instance.OnSubmitShortcut());

        var error = cut.Find("[data-testid=turn-error]").TextContent;
        Assert.Contains(text.Length == 0 ? "내용을 입력해 주세요" : "10자까지", error);
        Assert.False(submitted);
    }

    [Fact]
    public async Task TurnEditor_CtrlEnterAfterARefusal_FixedTextClearsTheOldMessage()
    {
        await using var ctx = UiTestContext.Create();
        var value = "";
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult(value);
        var cut = ctx.Render<TurnEditor>(p => p.Add(x => x.Enabled, true).Add(x => x.Submit, _ => Task.CompletedTask));
        await cut.InvokeAsync(() => cut.Instance.OnSubmitShortcut());
        Assert.NotEmpty(cut.FindAll("[data-testid=turn-error]"));
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult("이제 제대로 쓴 문장.");

        await cut.InvokeAsync(() => cut.Instance.OnSubmitShortcut());

        Assert.Empty(cut.FindAll("[data-testid=turn-error]"));
    }
}
