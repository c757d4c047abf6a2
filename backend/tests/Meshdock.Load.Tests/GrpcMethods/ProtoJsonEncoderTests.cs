using System.Text.Json;
using Google.Protobuf;
using Meshdock.Load.Grpc.Protobuf;
using Meshdock.Load.Tests.GrpcMethods.Protos;

namespace Meshdock.Load.Tests.GrpcMethods;

/// <summary>
/// The request encoder, held to protobuf's own implementation: JSON encoded from the schema Meshdock's parser read
/// out of echo.proto must decode, with the classes Grpc.Tools generated from the same file, to what protobuf's own
/// JSON parser makes of that JSON.
/// </summary>
public sealed class ProtoJsonEncoderTests
{
    private static readonly ProtoSchema Schema = ProtoParser.Parse(EchoProto.Text, "echo.proto");

    private static byte[] Encode(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ProtoJsonEncoder.Encode(Schema.Messages[EchoProto.Request], document.RootElement);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"name":"world","times":3,"numbers":["1","-2",3],"mood":"GRUMPY","weights":{"a":1,"b":-2},"inner":{"tags":["x","y"],"id":"18446744073709551615"}}""")]
    [InlineData("""{"payload":"AAEC/w==","at":"2026-12-05T10:00:00.250Z","note":"hi","text":"t","ratio":0.5,"moods":["HAPPY",2,"MOOD_UNSPECIFIED"],"huge":"123"}""")]
    [InlineData("""{"wait":"-1.5s","extra":{"k":[1,"s",true,null,{"n":{}}],"z":null},"inners":[{"id":"7"},{}],"byId":{"-5":{"tags":["z"]}},"share":1.5,"loud":true,"offset":-9}""")]
    [InlineData("""{"by_id":{"1":{}},"code":-70,"big":"5","times":-1,"at":"2026-01-01T01:00:00+01:00","share":"NaN","ratio":"-Infinity"}""")]
    [InlineData("""{"times":0,"name":"","ratio":0,"wait":"0s","note":"","numbers":[],"weights":{}}""")]
    public void The_encoding_decodes_to_what_protobufs_own_json_parser_reads(string json)
    {
        var expected = JsonParser.Default.Parse<SayRequest>(json);

        var actual = SayRequest.Parser.ParseFrom(Encode(json));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Fields_in_number_order_encode_byte_for_byte_as_protobuf_does_with_packed_repeated_numbers()
    {
        const string Json = """{"name":"a","times":-3,"numbers":[1,300,-1],"mood":"HAPPY","inner":{"tags":["t"],"id":"9"},"moods":[1,2],"huge":"18446744073709551615","share":0.25,"offset":-2}""";

        Assert.Equal(JsonParser.Default.Parse<SayRequest>(Json).ToByteArray(), Encode(Json));
    }

    [Fact]
    public void Bytes_take_url_safe_base64_without_padding()
    {
        var actual = SayRequest.Parser.ParseFrom(Encode("""{"payload":"-_8"}"""));

        Assert.Equal(new byte[] { 0xfb, 0xff }, actual.Payload.ToByteArray());
    }

    [Theory]
    [InlineData("""{"nmae":"x"}""", "has no field 'nmae'; its fields are name, times")]
    [InlineData("""{"times":"abc"}""", "The field 'times' is an int32")]
    [InlineData("""{"times":2147483648}""", "2147483648 is outside its range")]
    [InlineData("""{"times":1.5}""", "The field 'times' is an int32 and the number 1.5 is not a whole number")]
    [InlineData("""{"mood":"SAD"}""", "has no value \"SAD\"; its values are MOOD_UNSPECIFIED, HAPPY, GRUMPY")]
    [InlineData("""{"text":"a","code":1}""", "'text' and 'code' are both in oneof 'choice'")]
    [InlineData("""{"inner":{"id":-1}}""", "The field 'inner.id' is a fixed64")]
    [InlineData("""{"numbers":[1,null]}""", "The field 'numbers[1]' is null")]
    [InlineData("""{"numbers":5}""", "The field 'numbers' is repeated and must be a JSON array")]
    [InlineData("""{"at":"yesterday"}""", "The field 'at' is a google.protobuf.Timestamp and must be an RFC 3339 string")]
    [InlineData("""{"weights":{"a":"x"}}""", "The field 'weights[\"a\"]' is an int32")]
    [InlineData("""{"byId":{"one":{}}}""", "The field 'byId[\"one\"]' is an int64")]
    [InlineData("""{"loud":"yes"}""", "The field 'loud' is a bool and must be true or false, not a string")]
    [InlineData("""{"payload":"***"}""", "The field 'payload' is bytes and must be a base64 string")]
    [InlineData("""{"name":"a","name":"b"}""", "The field 'name' is given twice")]
    [InlineData("""{"big":"1","huge":"2"}""", "given twice (as 'big' and 'huge')")]
    [InlineData("""{"inner":[]}""", "The field 'inner' is the message meshdock.loadtest.v1.SayRequest.Inner and must be a JSON object, not an array")]
    [InlineData("""{"share":1e39}""", "The field 'share' is a float and 1e39 is beyond its range")]
    [InlineData("""{"wait":"5m"}""", "The field 'wait' is a google.protobuf.Duration")]
    public void A_request_that_does_not_fit_is_refused_with_a_sentence_naming_the_field(string json, string expected)
    {
        var error = Assert.Throws<ProtoJsonException>(() => Encode(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
