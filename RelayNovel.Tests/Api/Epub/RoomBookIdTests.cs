using RelayNovel.Web.Api.Epub;

namespace RelayNovel.Tests.Api.Epub;

public sealed class RoomBookIdTests
{
    [Fact]
    public void For_SameRoom_IsTheSameVersion5UuidEveryTime()
    {
        var id = RoomBookId.For("AAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(id, RoomBookId.For("AAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.NotEqual(id, RoomBookId.For("AAAAAAAAAAAAAAAAAAAAAB"));
    }
}
