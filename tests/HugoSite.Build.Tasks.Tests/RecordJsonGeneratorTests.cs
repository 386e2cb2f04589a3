using HugoSite.Build.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The generator behind the history's JSON code, on records of its own: a field declared in the record is written and
    /// read with no other code, and a field it has no helper for stops the compile with a message naming it. The real
    /// record's bytes and leniency are <see cref="HistoryJsonTests"/>'.
    /// </summary>
    [TestClass]
    public sealed class RecordJsonGeneratorTests
    {
        private const string Usings = "using System.Collections.Generic; using System.Text.Json; using System.Text.Json.Serialization; using HugoSite.Build.Generators;\n";

        [TestMethod]
        public void DeclaredFields_AreWrittenAndReadInDeclarationOrder_ExtensionDataLast()
        {
            string code = Generate(Usings + @"
namespace N
{
    [RecordJson(typeof(Rec))] static partial class Host { }
    public sealed class Rec
    {
        [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
        [JsonPropertyName(""when_ms"")] public double WhenMs { get; set; }
        [JsonPropertyName(""added"")] public long? Added { get; set; }
        public string? NotInTheRecord { get; set; }
        [JsonPropertyName(""parts"")] public List<Part>? Parts { get; set; }
        [JsonPropertyName(""one"")] public Part? One { get; set; }
        [JsonPropertyName(""stats"")] public Dictionary<string, long>? Stats { get; set; }
    }
    public sealed class Part { [JsonPropertyName(""n"")] public int N { get; set; } }
}", out _);

            StringAssert.Contains(code, "w.WriteNumber(\"when_ms\", Finite(value.WhenMs));\n            WriteInt64(w, \"added\", value.Added);\n            WriteList(w, \"parts\", value.Parts, WritePart);\n            WriteObject(w, \"one\", value.One, WritePart);\n            WriteObject(w, \"stats\", value.Stats, WriteInt64Entries);\n            WriteExtra(w, value.Extra);\n        }");
            StringAssert.Contains(code, "if (Field(ref reader, \"when_ms\"u8)) { value.WhenMs = ReadDouble(ref reader); }");
            StringAssert.Contains(code, "else if (Field(ref reader, \"added\"u8)) { value.Added = ReadNullableInt64(ref reader); }");
            StringAssert.Contains(code, "value.Parts = ReadList<global::N.Part>(ref reader, ReadPart);");
            StringAssert.Contains(code, "else { value.Extra = ReadExtra(ref reader, value.Extra); }");
            StringAssert.Contains(code, "private static bool ReadPartField(ref global::System.Text.Json.Utf8JsonReader reader, global::N.Part value)");
            StringAssert.Contains(code, "else { return false; }", "a part without extension data leaves an unknown field to its caller");
            StringAssert.Contains(code, "private static global::N.Part? ReadPart(ref global::System.Text.Json.Utf8JsonReader reader)");
            Assert.IsFalse(code.Contains("NotInTheRecord"), "a property without a JSON name is not part of the record");
            Assert.AreEqual(1, CountOf(code, "private static void WritePart("), "a class reached twice is generated once");
        }

        [TestMethod]
        public void AFieldWithNoHelper_StopsTheCompile_NamingIt()
        {
            Generate(Usings + @"
namespace N
{
    [RecordJson(typeof(Rec))] static partial class Host { }
    public sealed class Rec
    {
        [JsonPropertyName(""at"")] public System.DateTime At { get; set; }
        [JsonPropertyName(""names"")] public List<string>? Names { get; set; }
    }
}", out Compilation compiled);

            string[] errors = compiled.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id == "CS1029").Select(d => d.GetMessage()).ToArray();
            Assert.AreEqual(2, errors.Length, string.Join("\n", errors));
            StringAssert.Contains(errors[0], "Rec.At: no JSON helper for System.DateTime");
            StringAssert.Contains(errors[1], "Rec.Names: no JSON helper for System.Collections.Generic.List<string>");
        }

        [TestMethod]
        public void TheAttributeWithoutARecordType_StopsTheCompile()
        {
            Generate(Usings + "namespace N { [RecordJson(null!)] static partial class Host { } }", out Compilation compiled);
            Assert.IsTrue(compiled.GetDiagnostics().Any(d => d.Id == "CS1029" && d.GetMessage().Contains("[RecordJson] needs the record type")));
        }

        private static string Generate(string source, out Compilation compiled)
        {
            IEnumerable<MetadataReference> references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator).Select(path => MetadataReference.CreateFromFile(path));
            Compilation input = CSharpCompilation.Create("Probe", new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
                references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            CSharpGeneratorDriver.Create(new RecordJsonGenerator()).WithUpdatedParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
                .RunGeneratorsAndUpdateCompilation(input, out compiled, out _);
            return string.Join("\n", compiled.SyntaxTrees.Skip(1).Select(tree => tree.ToString()));
        }

        private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty).Length) / part.Length;
    }
}
