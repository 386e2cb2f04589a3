using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The hand-written history reader and writer against the serializer setup they replace
    /// (<see cref="ReferenceHistoryJsonContext"/>), and against the released format: the same bytes for every record,
    /// the same record (or the same rejection) for every line, including lenient, odd and broken ones.
    /// </summary>
    [TestClass]
    public sealed class HistoryJsonTests
    {
        /// <summary>Every field set, with text that needs escaping and values JSON cannot hold.</summary>
        internal static BuildRecord FullRecord() => new BuildRecord
        {
            Schema = 1,
            SessionId = "1795730834-11712-83e7cc",
            Timestamp = "2026-11-26T22:07:14.745Z",
            Template = "minimal",
            Project = "/tmp/sites/Sïte \"quoted\"\\back/Site.proj",
            Success = true,
            Cache = new CacheInfo { Hit = false, Enabled = true, Fingerprint = "abc", MissReason = "changed: content/a.md, <b>&'\u2028", SavedMs = double.NaN, Remote = true, RemoteBytes = long.MaxValue, RemoteMs = 12.25, UploadBytes = 0, UploadMs = double.PositiveInfinity },
            TotalMs = 376.344,
            Phases = new Dictionary<string, double> { ["setup"] = 13.858, ["copy"] = double.PositiveInfinity, ["hugo"] = 1e-7, ["ünïcode"] = -0.0 },
            Metrics = new BuildMetrics { MemoryMb = 54.1, FileCount = 25, OutputSizeKb = long.MaxValue },
            Theme = "compose",
            Components = new List<ComponentTiming>
            {
                new ComponentTiming { Name = "search", DurationMs = 12.5, ExitCode = 0, Result = "Succeeded", StartOffsetMs = 0.25 },
                null!,
                new ComponentTiming { Name = "slow", DurationMs = double.NegativeInfinity },
            },
            Parallel = new ParallelInfo { Enabled = true, MaxJobs = 4 },
            Hugo = new HugoInfo { Version = "0.111.3", Edition = "extended", Source = "download", SourceUrl = "http://127.0.0.1:1/v0.111.3/hugo_extended_0.111.3_linux-amd64.tar.gz", TotalMs = 107, Stats = new Dictionary<string, long> { ["pages"] = 16, ["aliases"] = long.MinValue }, ExitCode = -1 },
            Copy = new CopyInfo { Copied = 1, Skipped = 25, Removed = 0, Bytes = 617, Jobs = 4 },
            Machine = new MachineInfo { Host = "vm", Cores = 2, Os = "Debian GNU/Linux 12 (bookworm)", Runtime = ".NET 10.0.12" },
            PackageVersion = "1.0.0",
            Error = "line1\nline2\ttab\u0001 😀",
            Analysis = new AnalysisInfo { Status = "EXCELLENT", BaselineMedianMs = 399.014, BaselineMadMs = 61.606, BaselineCount = 4, ChangePercent = -5.68, Verdict = "within-noise", DominantPhase = "hugo" },
            Templates = new List<TemplateMetric>
            {
                new TemplateMetric { Name = "partials/héad \"x\".html", Count = 71, CumulativeMs = 10.02, MeanMs = 0.141, MaxMs = double.NaN, CachePotential = 31 },
                null!,
                new TemplateMetric { Name = "index.html" },
            },
            Inputs = new InputChanges
            {
                First = false,
                Changed = 2,
                Added = 1,
                Removed = int.MaxValue,
                Files = new List<InputChange> { new InputChange { Source = "content", Path = "blog/ä <b>.md", Change = "changed" }, null!, new InputChange() },
                Properties = new List<PropertyChange> { new PropertyChange { Name = "environment", Before = "production", After = null }, null! },
                HugoBefore = "0.110.0",
            },
            Extra = new Dictionary<string, JsonElement>
            {
                ["future"] = JsonDocument.Parse("{\"a\":[1,2.50,\"x\\u00e9\"],\"b\":null}").RootElement.Clone(),
                ["flag"] = JsonDocument.Parse("true").RootElement.Clone(),
            },
        };

        private static IEnumerable<BuildRecord> Records()
        {
            yield return FullRecord();
            yield return new BuildRecord();
            yield return new BuildRecord { Success = false, Error = "the build failed", Cache = new CacheInfo { Hit = true }, Phases = new Dictionary<string, double>() };
            yield return new BuildRecord { Components = new List<ComponentTiming>(), Hugo = new HugoInfo(), Metrics = new BuildMetrics { Extra = new Dictionary<string, JsonElement>() } };
            yield return new BuildRecord { Templates = new List<TemplateMetric>(), Inputs = new InputChanges { First = true } };
            yield return new BuildRecord { Inputs = new InputChanges { Files = new List<InputChange>(), Properties = new List<PropertyChange>() } };
            BuildRecord withDetail = FullRecord();
            new AnalysisDetail { ChangeMs = -22.67, NoiseBandMs = 184.818, ChangePhase = "hugo <&>", ChangePhaseMs = 1.5, Thresholds = "built-in minimal", Recommendations = new List<string> { "first-build", "é" } }.WriteTo(withDetail);
            yield return withDetail;
            BuildRecord metricsExtra = FullRecord();
            metricsExtra.Metrics!.Extra = new Dictionary<string, JsonElement> { ["gpu_mb"] = JsonDocument.Parse("9").RootElement.Clone() };
            metricsExtra.Cache!.Extra = new Dictionary<string, JsonElement> { ["tier"] = JsonDocument.Parse("\"l2\"").RootElement.Clone() };
            yield return metricsExtra;
        }

        [TestMethod]
        public void Serialize_WritesTheSameBytesAsTheSerializer()
        {
            foreach (BuildRecord record in Records())
            {
                string expected = Encoding.UTF8.GetString(ReferenceHistoryJsonContext.Serialize(record));
                string actual = Encoding.UTF8.GetString(HistoryStore.Serialize(record));
                Assert.AreEqual(expected, actual);
            }
        }

        /// <summary>
        /// The format as released, pinned independently of any serializer set-up: the full record's line as written, and
        /// a digest of every record written and every corpus line read (written again, or rejected).
        /// </summary>
        [TestMethod]
        public void Format_IsTheReleasedOne()
        {
            Assert.AreEqual(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "history-full-record.jsonl")).TrimEnd('\n'),
                            Encoding.UTF8.GetString(HistoryStore.Serialize(FullRecord())));

            var all = new StringBuilder();
            foreach (BuildRecord record in Records())
            {
                all.Append(Encoding.UTF8.GetString(HistoryStore.Serialize(record))).Append('\n');
            }

            foreach (string line in Lines())
            {
                BuildRecord? read = HistoryStore.Parse(line);
                all.Append(read == null ? "rejected" : Encoding.UTF8.GetString(HistoryStore.Serialize(read))).Append('\n');
            }

            using var sha = System.Security.Cryptography.SHA256.Create();
            string digest = BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(all.ToString()))).Replace("-", string.Empty);
            Assert.AreEqual("1A7C20AC8DB8DA323DE383805845E2001257BFC470ACB88833009CEB20534123", digest);
        }

        [TestMethod]
        public void SerializeString_EscapesAsTheSerializer()
        {
            foreach (string text in new[] { "plain", "/a/b c/Site.proj", "C:\\sites\\x.proj", "quote\"d", "é ü 😀", "<&'>", "\u2028\u0007" })
            {
                Assert.AreEqual(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(text, ReferenceHistoryJsonContext.HistoryOptions)),
                                Encoding.UTF8.GetString(HistoryJson.SerializeString(text)));
            }
        }

        [TestMethod]
        public void Parse_ReadsEveryLineAsTheSerializerDoes()
        {
            int checkedLines = 0, rejected = 0;
            foreach (string line in Lines())
            {
                AssertSameParse(line);
                checkedLines++;
                rejected += HistoryStore.Parse(line) == null ? 1 : 0;
            }

            Assert.IsTrue(checkedLines > 500, "the corpus covers every field with every kind of value");
            Assert.IsTrue(rejected > 50 && rejected < checkedLines - 50, "the corpus holds both lines that read and lines that do not");
        }

        [TestMethod]
        public void AnalysisDetail_IsWrittenAndReadAsTheSerializerDid()
        {
            var details = new[]
            {
                new AnalysisDetail(),
                new AnalysisDetail { ChangeMs = -22.67, NoiseBandMs = 184.818, ChangePhase = "hugo <&> é", ChangePhaseMs = 0.1 + 0.2, Thresholds = "built-in minimal", Recommendations = new List<string> { "first-build", "cache-miss" } },
                new AnalysisDetail { Thresholds = "item blog", Recommendations = new List<string>() },
            };
            foreach (AnalysisDetail detail in details)
            {
                var record = new BuildRecord();
                detail.WriteTo(record);
                Assert.AreEqual(JsonSerializer.Serialize(detail, ReferenceHistoryJsonContext.DetailOptions), record.Extra![AnalysisDetail.FieldName].GetRawText());

                AnalysisDetail back = AnalysisDetail.ReadFrom(record)!;
                Assert.AreEqual(JsonSerializer.Serialize(detail, ReferenceHistoryJsonContext.DetailOptions), JsonSerializer.Serialize(back, ReferenceHistoryJsonContext.DetailOptions));
            }

            foreach (string json in new[] { "{\"change_ms\":null,\"thresholds\":null,\"recommendations\":null,\"other\":[1]}", "{\"change_ms\":\"5\"}", "{\"recommendations\":[\"a\",null]}", "{\"recommendations\":{}}", "{\"thresholds\":3}" })
            {
                var record = new BuildRecord { Extra = new Dictionary<string, JsonElement> { [AnalysisDetail.FieldName] = JsonDocument.Parse(json).RootElement.Clone() } };
                string expected, actual;
                try
                {
                    expected = JsonSerializer.Serialize(record.Extra[AnalysisDetail.FieldName].Deserialize<AnalysisDetail>(ReferenceHistoryJsonContext.DetailOptions), ReferenceHistoryJsonContext.DetailOptions);
                }
                catch (JsonException)
                {
                    expected = "JsonException";
                }

                try
                {
                    actual = JsonSerializer.Serialize(AnalysisDetail.ReadFrom(record), ReferenceHistoryJsonContext.DetailOptions);
                }
                catch (JsonException)
                {
                    actual = "JsonException";
                }

                Assert.AreEqual(expected, actual, json);
            }
        }

        private static void AssertSameParse(string line)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(line);
            BuildRecord? expected = ReferenceHistoryJsonContext.Parse(bytes);
            BuildRecord? actual = HistoryStore.Parse(bytes);
            if (expected == null || actual == null)
            {
                Assert.AreEqual(expected == null, actual == null, (expected == null ? "the serializer rejects: " : "the serializer reads: ") + line);
                return;
            }

            // Two records are the same when the reference writes them identically (every field, unknown ones included).
            Assert.AreEqual(Encoding.UTF8.GetString(ReferenceHistoryJsonContext.Serialize(expected)),
                            Encoding.UTF8.GetString(ReferenceHistoryJsonContext.Serialize(actual)), line);
            Assert.AreEqual(expected.Components?.Count, actual.Components?.Count, line);
        }

        /// <summary>
        /// Lines to read: records as written, the predecessor's, odd spellings, and every field of a full record replaced in
        /// turn by each kind of JSON value (right, lenient and wrong), then the same for every field of the nested objects.
        /// </summary>
        private static IEnumerable<string> Lines()
        {
            foreach (BuildRecord record in Records())
            {
                yield return Encoding.UTF8.GetString(ReferenceHistoryJsonContext.Serialize(record));
            }

            foreach (string line in HistoryStoreTests.PredecessorLines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return line;
            }

            string full = Encoding.UTF8.GetString(ReferenceHistoryJsonContext.Serialize(FullRecord()));
            yield return "\uFEFF" + full;
            yield return full + "  ";
            yield return full + " // trailing comment";
            yield return "/* lead */ " + full;
            yield return full + " {}";
            yield return full + "x";
            yield return full.Substring(0, full.Length - 1) + ",}";
            yield return full.Substring(0, full.Length / 2);
            yield return string.Empty;
            yield return "   ";
            yield return "null";
            yield return "[]";
            yield return "42";
            yield return "\"text\"";
            yield return "{}";
            yield return "{,}";
            yield return "{\"schema\":1,\"schema\":2,\"phases\":{\"a\":1,\"a\":2},\"x\":1,\"x\":[2]}";
            yield return "{\"sch\\u0065ma\":3,\"session\\u005fid\":\"s\",\"cache\":{\"h\\u0069t\":true},\"fut\\u00fcre\":1}";
            yield return "{\"SCHEMA\":3,\"Session_Id\":\"s\"}";
            yield return "{\"components\":[null,{},{\"name\":\"a\",\"extra\":{\"deep\":[1]}},],\"hugo\":{\"stats\":{},\"other\":1}}";
            yield return "{\"total_ms\":" + new string('[', 70) + new string(']', 70) + "}";
            yield return "{\"future\":" + new string('[', 62) + new string(']', 62) + "}";
            yield return "{\"future\":" + new string('[', 64) + new string(']', 64) + "}";
            yield return "{\"session_id\":\"\\ud800\"}";
            yield return "{\"total_ms\":1e400,\"metrics\":{\"file_count\":-1e400,\"output_size_kb\":1.5e19,\"memory_mb\":-1e-400}}";
            yield return "{\"total_ms\":\" 12.5 \",\"success\":\" TRUE \",\"cache\":{\"hit\":\"1\"},\"parallel\":{\"enabled\":0.0,\"max_jobs\":\"2.5\"}}";

            var values = new[]
            {
                "null", "true", "false", "0", "1", "-1", "2.5", "-2.5", "3.5", "1e3", "1E-3", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "2147483648", "-2147483649", "1e400", "\"\"", "\"  \"", "\"12\"", "\" 7.5 \"", "\"1e2\"", "\"x\"",
                "\"true\"", "\"FALSE\"", "\"1\"", "\"0\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "[]", "[1]", "[null]", "{}",
                "{\"a\":1}", "\"\\u00e9\"",
            };
            var node = (JsonObject)JsonNode.Parse(full)!;
            foreach (KeyValuePair<string, JsonNode?> field in node.ToList())
            {
                foreach (string value in values)
                {
                    yield return Replace(node, field.Key, value);
                }

                yield return Remove(node, field.Key);
                if (field.Value is JsonObject inner)
                {
                    foreach (KeyValuePair<string, JsonNode?> innerField in inner.ToList())
                    {
                        foreach (string value in values)
                        {
                            var copy = (JsonObject)node.DeepClone();
                            ((JsonObject)copy[field.Key]!)[innerField.Key] = JsonNode.Parse(value);
                            yield return copy.ToJsonString();
                        }
                    }

                    foreach (string value in values)
                    {
                        var copy = (JsonObject)node.DeepClone();
                        ((JsonObject)copy[field.Key]!)["unknown_field"] = JsonNode.Parse(value);
                        yield return copy.ToJsonString();
                    }
                }
            }

            var components = (JsonArray)node["components"]!;
            foreach (KeyValuePair<string, JsonNode?> componentField in ((JsonObject)components[0]!).ToList())
            {
                foreach (string value in values)
                {
                    var copy = (JsonObject)node.DeepClone();
                    ((JsonObject)((JsonArray)copy["components"]!)[0]!)[componentField.Key] = JsonNode.Parse(value);
                    yield return copy.ToJsonString();
                }
            }

            foreach (string value in values)
            {
                var copy = (JsonObject)node.DeepClone();
                ((JsonObject)((JsonObject)copy["hugo"]!)["stats"]!)["pages"] = JsonNode.Parse(value);
                yield return copy.ToJsonString();
                copy = (JsonObject)node.DeepClone();
                ((JsonArray)copy["components"]!).Add(JsonNode.Parse(value));
                yield return copy.ToJsonString();
            }
        }

        private static string Replace(JsonObject node, string key, string value)
        {
            var copy = (JsonObject)node.DeepClone();
            copy[key] = JsonNode.Parse(value);
            return copy.ToJsonString();
        }

        private static string Remove(JsonObject node, string key)
        {
            var copy = (JsonObject)node.DeepClone();
            copy.Remove(key);
            return copy.ToJsonString();
        }
    }
}
