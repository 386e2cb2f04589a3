using System.Net;
using System.Net.Sockets;
using HugoSite.Build.Tasks.Serve;

namespace HugoSite.Build.Tasks.Tests.Serve
{
    /// <summary>dotnet run's forwarded properties, and the error page that holds the address while the site does not build.</summary>
    [TestClass]
    public sealed class ServeRunAndErrorPageTests
    {
        [TestMethod]
        public void RunArguments_ForwardEveryUserProperty_EscapedAsMSBuildReadsThem_AndLeaveOutPrivateOnes()
        {
            var globals = new Dictionary<string, string>
            {
                ["HugoAnalyticsId"] = "abc",
                ["Configuration"] = "Release",
                ["Listed"] = "a;b,c 100%",
                ["_PrivateOfTheSdk"] = "x",
                ["MSBuildExtensionsPath"] = "/x",
            };

            string arguments = HugoServeRunArguments.Build("build \"Site.proj\" -t:HugoServe ", globals);

            Assert.AreEqual("build \"Site.proj\" -t:HugoServe -p:Configuration=Release -p:HugoAnalyticsId=abc \"-p:Listed=a%3Bb%2Cc 100%25\"", arguments);
        }

        [TestMethod]
        public void CapturingEngine_PassesEveryEventOn_AndKeepsTheProblemsThatNameAComponent()
        {
            var engine = new TestEngine();
            var capturing = new CapturingBuildEngine(engine.Object);
            var log = new Microsoft.Build.Utilities.TaskLoggingHelper(capturing, "InitComponents");

            log.LogError(null, "HSB2010", null, null, 0, 0, 0, 0, "Component 'search' failed with exit code 3: search: the index cannot be written");
            log.LogWarning(null, "HSB2011", null, null, 0, 0, 0, 0, "Component 'analytics' took long");
            log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "[search] output line");

            Assert.AreEqual(1, engine.Errors.Count);
            Assert.AreEqual(1, engine.Warnings.Count);
            Assert.IsTrue(engine.HasMessage("[search] output line"));
            Assert.AreEqual("error HSB2010: Component 'search' failed with exit code 3: search: the index cannot be written", capturing.ProblemsAbout("search"));
            Assert.AreEqual("warning HSB2011: Component 'analytics' took long", capturing.ProblemsAbout("analytics"));
            Assert.AreEqual(string.Empty, capturing.ProblemsAbout("slow"));
        }

        [TestMethod]
        public void ErrorPage_AnswersEveryRequestWithTheErrors_MarkedForThePagesOwnReload_AndLetsThePortGo()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();

            string html = ErrorPageServer.Render("DocsSite", new[] { "themes/compose/layouts/_default/single.html(3,1): error HSB0505: Hugo: <unclosed action>" }, "Fix the file.");
            using (var page = ErrorPageServer.TryStart(IPAddress.Loopback, port, html))
            {
                Assert.IsNotNull(page);
                Assert.IsNull(ErrorPageServer.TryStart(IPAddress.Loopback, port, html), "one listener per address");
                using var http = new HttpClient();
                foreach (string path in new[] { "/", "/docs/faq/" })
                {
                    using var response = http.GetAsync($"http://127.0.0.1:{port}{path}").GetAwaiter().GetResult();
                    string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                    Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Assert.IsTrue(response.Headers.Contains(ErrorPageServer.Header));
                    StringAssert.Contains(body, "<title>Hugo Server: Error</title>");
                    StringAssert.Contains(body, "single.html(3,1): error HSB0505: Hugo: &lt;unclosed action&gt;", "encoded, never markup");
                    StringAssert.Contains(body, "location.reload()");
                }
            }

            // Gone: Hugo can take the address.
            var hugo = new TcpListener(IPAddress.Loopback, port);
            hugo.Start();
            hugo.Stop();
        }
    }
}
