using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

public sealed class RoomKeysTests
{
    [Fact]
    public void NewRoomIdAndKey_CarryAtLeast128RandomBits_AndNeverRepeat()
    {
        var ids = Enumerable.Range(0, 1_000).Select(_ => RoomKeys.NewRoomId()).ToList();
        var keys = Enumerable.Range(0, 1_000).Select(_ => RoomKeys.NewKey()).ToList();

        Assert.All(ids, id => Assert.Equal(22, id.Length));   // 16 bytes, base64url without padding
        Assert.All(ids, id => Assert.True(RoomKeys.LooksLikeRoomId(id)));
        Assert.All(keys, key => Assert.Equal(43, key.Length));   // 32 bytes
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void HashEquals_SameKeyOnly_NullMatchesNothing()
    {
        var key = RoomKeys.NewKey();
        var hash = RoomKeys.Hash(key);

        Assert.True(RoomKeys.HashEquals(hash, RoomKeys.Hash(key)));
        Assert.False(RoomKeys.HashEquals(hash, RoomKeys.Hash(key + "x")));
        Assert.False(RoomKeys.HashEquals(hash, hash[..^1]));
        Assert.False(RoomKeys.HashEquals(hash, null));
        Assert.False(RoomKeys.HashEquals(null, null));
        Assert.DoesNotContain(key, hash, StringComparison.Ordinal);
    }
}
