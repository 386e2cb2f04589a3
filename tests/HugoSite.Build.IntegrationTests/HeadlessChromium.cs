using System.Diagnostics;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>What a page did in a real browser: its console and log errors, and the values of expressions evaluated after load.</summary>
    public sealed class PageVisit
    {
        public List<string> ConsoleErrors { get; } = new();

        public Dictionary<string, JsonElement> Values { get; } = new();
    }

    /// <summary>
    /// Debian's headless Chromium driven over the DevTools protocol (a loopback WebSocket, System.Net.WebSockets): opens a
    /// page, collects console messages of level error/warning, uncaught exceptions and browser log entries (a resource that
    /// failed to load, a blocked script), and evaluates expressions once the page has loaded.
    /// </summary>
    public static class HeadlessChromium
    {
        public static string? Executable()
        {
            foreach (string candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        public static PageVisit Visit(string url, IEnumerable<string> expressions, TimeSpan timeout)
        {
            string exe = Executable() ?? throw new InvalidOperationException("Chromium is not installed; .ci/run installs it (apt-get install -y chromium).");
            string profile = Path.Combine(Path.GetTempPath(), "hsb-chromium-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var start = new ProcessStartInfo(exe)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
                                         "--remote-allow-origins=*", "--user-data-dir=" + profile, "about:blank" })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data == null)
                {
                    return;
                }

                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }

                Match m = Regex.Match(e.Data, @"DevTools listening on (ws://\S+)");
                if (m.Success)
                {
                    endpoint.TrySetResult(m.Groups[1].Value);
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            try
            {
                if (!endpoint.Task.Wait(timeout))
                {
                    throw new TimeoutException("Chromium did not open its DevTools endpoint:\n" + stderr);
                }

                return VisitAsync(new Uri(endpoint.Task.Result), url, expressions, timeout).GetAwaiter().GetResult();
            }
            finally
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10000);
                }
                catch (InvalidOperationException)
                {
                }

                try
                {
                    Directory.Delete(profile, true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        private static async Task<PageVisit> VisitAsync(Uri browser, string url, IEnumerable<string> expressions, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            using var http = new HttpClient();
            string list = await http.GetStringAsync(new Uri("http://" + browser.Authority + "/json/list"), cts.Token);
            string pageSocket = JsonDocument.Parse(list).RootElement.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page").GetProperty("webSocketDebuggerUrl").GetString()!;

            using var ws = new ClientWebSocket();
            await ws.ConnectAsync(new Uri(pageSocket), cts.Token);
            var visit = new PageVisit();
            int id = 0;
            var replies = new Dictionary<int, JsonElement>();
            bool loaded = false;

            async Task<int> Send(string method, object? parameters = null)
            {
                int mine = ++id;
                byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["id"] = mine, ["method"] = method, ["params"] = parameters ?? new object() });
                await ws.SendAsync(bytes, WebSocketMessageType.Text, true, cts.Token);
                return mine;
            }

            async Task Pump(Func<bool> until)
            {
                var buffer = new byte[1 << 16];
                while (!until())
                {
                    using var message = new MemoryStream();
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await ws.ReceiveAsync(buffer, cts.Token);
                        message.Write(buffer, 0, r.Count);
                    }
                    while (!r.EndOfMessage);

                    JsonElement root = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                    if (root.TryGetProperty("id", out JsonElement rid))
                    {
                        replies[rid.GetInt32()] = root;
                        continue;
                    }

                    string method = root.GetProperty("method").GetString()!;
                    JsonElement p = root.GetProperty("params");
                    switch (method)
                    {
                        case "Runtime.consoleAPICalled":
                            string type = p.GetProperty("type").GetString()!;
                            if (type == "error" || type == "warning" || type == "assert")
                            {
                                visit.ConsoleErrors.Add("console." + type + ": " + p.GetProperty("args").ToString());
                            }

                            break;
                        case "Runtime.exceptionThrown":
                            visit.ConsoleErrors.Add("exception: " + p.GetProperty("exceptionDetails").ToString());
                            break;
                        case "Log.entryAdded":
                            JsonElement entry = p.GetProperty("entry");
                            string level = entry.GetProperty("level").GetString()!;
                            if (level == "error" || level == "warning")
                            {
                                visit.ConsoleErrors.Add("log." + level + ": " + entry.GetProperty("text").GetString());
                            }

                            break;
                        case "Page.loadEventFired":
                            loaded = true;
                            break;
                    }
                }
            }

            foreach (string domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
            {
                int sent = await Send(domain);
                await Pump(() => replies.ContainsKey(sent));
            }

            int nav = await Send("Page.navigate", new { url });
            await Pump(() => replies.ContainsKey(nav) && loaded);

            // Let late messages (a failed resource, a deferred script) arrive before reading the page.
            int settle = await Send("Runtime.evaluate", new { expression = "new Promise(r => setTimeout(r, 300))", awaitPromise = true });
            await Pump(() => replies.ContainsKey(settle));
            foreach (string expression in expressions)
            {
                int sent = await Send("Runtime.evaluate", new { expression, returnByValue = true });
                await Pump(() => replies.ContainsKey(sent));
                visit.Values[expression] = replies[sent].GetProperty("result").GetProperty("result").GetProperty("value").Clone();
            }

            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            return visit;
        }
    }
}
