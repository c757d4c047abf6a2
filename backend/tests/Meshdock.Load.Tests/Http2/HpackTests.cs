using System.Buffers;
using System.Text;
using Meshdock.Load.Http2.Hpack;

namespace Meshdock.Load.Tests.Http2;

/// <summary>
/// The header block examples of RFC 7541 Appendix C, typed from the RFC's text: each block decodes to the listed
/// fields and leaves the dynamic table at the listed size; encoding gives the listed bytes.
/// </summary>
public sealed class HpackTests
{
    private sealed class Collector : IHeaderHandler
    {
        public List<(string, string)> Fields { get; } = [];

        public bool Wants(ReadOnlySpan<byte> name) => true;

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            Fields.Add((Encoding.ASCII.GetString(name), Encoding.ASCII.GetString(value)));
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static List<(string, string)> Decode(HpackDecoder decoder, string hex)
    {
        var collector = new Collector();
        decoder.Decode(Hex(hex), collector);
        return collector.Fields;
    }

    [Fact]
    public void C2_literal_and_indexed_field_representations()
    {
        var decoder = new HpackDecoder();
        Assert.Equal([("custom-key", "custom-header")], Decode(decoder, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
        Assert.Equal(55, decoder.Table.Size);

        decoder = new HpackDecoder();
        Assert.Equal([(":path", "/sample/path")], Decode(decoder, "040c 2f73 616d 706c 652f 7061 7468"));
        Assert.Equal(0, decoder.Table.Size);

        Assert.Equal([("password", "secret")], Decode(decoder, "1008 7061 7373 776f 7264 0673 6563 7265 74"));
        Assert.Equal(0, decoder.Table.Size);

        Assert.Equal([(":method", "GET")], Decode(decoder, "82"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void C3_and_C4_requests_share_one_dynamic_table(bool huffman)
    {
        var decoder = new HpackDecoder();
        string[] blocks = huffman
            ? ["8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff", "8286 84be 5886 a8eb 1064 9cbf", "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"]
            : ["8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d", "8286 84be 5808 6e6f 2d63 6163 6865",
               "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"];

        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")], Decode(decoder, blocks[0]));
        Assert.Equal(57, decoder.Table.Size);
        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")],
            Decode(decoder, blocks[1]));
        Assert.Equal(110, decoder.Table.Size);
        Assert.Equal([(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")],
            Decode(decoder, blocks[2]));
        Assert.Equal(164, decoder.Table.Size);
        Assert.Equal(3, decoder.Table.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void C5_and_C6_responses_evict_from_a_256_byte_table(bool huffman)
    {
        var decoder = new HpackDecoder(maxTableSize: 256);
        string[] blocks = huffman
            ? ["4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
               "4883 640e ffc1 c0bf",
               "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07"]
            : ["4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
               "4803 3330 37c1 c0bf",
               "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31"];

        Assert.Equal([(":status", "302"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")],
            Decode(decoder, blocks[0]));
        Assert.Equal(222, decoder.Table.Size);
        Assert.Equal([(":status", "307"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")],
            Decode(decoder, blocks[1]));
        Assert.Equal(222, decoder.Table.Size);
        Assert.Equal([(":status", "200"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"), ("location", "https://www.example.com"),
            ("content-encoding", "gzip"), ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1")], Decode(decoder, blocks[2]));
        Assert.Equal(215, decoder.Table.Size);
        Assert.Equal(3, decoder.Table.Count);
    }

    [Theory]
    [InlineData("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff")]
    [InlineData("no-cache", "a8eb 1064 9cbf")]
    [InlineData("custom-key", "25a8 49e9 5ba9 7d7f")]
    [InlineData("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff")]
    public void Huffman_encoding_gives_the_rfc_bytes(string value, string hex)
    {
        var raw = Encoding.ASCII.GetBytes(value);
        var encoded = new byte[HpackHuffman.EncodedLength(raw)];
        HpackHuffman.Encode(raw, encoded);
        Assert.Equal(Hex(hex), encoded);
    }

    [Fact]
    public void Huffman_codes_match_the_rfc_table_at_its_corners()
    {
        Assert.Equal(0x1ff8u, HpackHuffman.Codes[0]);
        Assert.Equal(0x0u, HpackHuffman.Codes['0']);
        Assert.Equal(0x14u, HpackHuffman.Codes[' ']);
        Assert.Equal(0x3ffffffcu, HpackHuffman.Codes[10]);
        Assert.Equal(0x3ffffeeu, HpackHuffman.Codes[255]);
        Assert.Equal(0x3fffffffu, HpackHuffman.Codes[256]);
    }

    [Fact]
    public void Encoder_writes_integers_as_in_c1()
    {
        var output = new ArrayBufferWriter<byte>();
        HpackEncoder.WriteInteger(output, 10, 5, 0);
        HpackEncoder.WriteInteger(output, 1337, 5, 0);
        HpackEncoder.WriteInteger(output, 42, 8, 0);
        Assert.Equal(Hex("0a 1f9a0a 2a"), output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("be", "index 62 with an empty dynamic table")]
    [InlineData("80", "index 0")]
    [InlineData("400a 6375 7374", "a string running past the block")]
    [InlineData("ff ffff ffff 0f", "an integer overflowing")]
    [InlineData("3fe2 1f", "a table size update above the 4096 allowed")]
    [InlineData("82 20", "a table size update after a field")]
    [InlineData("0481 00", "Huffman padding of zeros")]
    [InlineData("0484 ffff ffff", "a Huffman EOS")]
    [InlineData("04", "a block ending inside a field")]
    public void Malformed_blocks_throw_instead_of_misreading(string hex, string what)
    {
        var decoder = new HpackDecoder();
        var e = Assert.Throws<HpackException>(() => decoder.Decode(Hex(hex), new Collector()));
        Assert.False(string.IsNullOrEmpty(e.Message), what);
    }
}
