using System.Security.Cryptography;
using System.Text;

namespace RelayNovel.Web.Api.Epub;

/// <summary>
/// The book's identifier: a name-based UUID (RFC 9562 version 5) of the room id, so every export of a room is the same
/// book to a reading system (a new export replaces the old one instead of sitting beside it) and rooms never collide.
/// </summary>
public static class RoomBookId
{
    /// <summary>The namespace of RelayNovel room books (a fixed random UUID, never to change).</summary>
    private static readonly Guid Namespace = new("4f1c6b8e-2d0a-4c55-9e61-7a3b5d2c8f10");

    public static string For(string roomId)
    {
        var name = Encoding.UTF8.GetBytes(roomId);
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0f) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3f) | 0x80);
        return "urn:uuid:" + new Guid(uuid, bigEndian: true).ToString("D");
    }
}
