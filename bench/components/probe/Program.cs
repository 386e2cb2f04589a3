using System;
using System.Diagnostics;

// Starts "/bin/sh -c 'echo first'" three times in this fresh process and prints, for each, the milliseconds from
// the call to Process.Start to the first line read. Run 0 pays the runtime's one-time process-launch set-up.
for (int i = 0; i < 3; i++)
{
    var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
    info.ArgumentList.Add("-c");
    info.ArgumentList.Add("echo first");
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(info)!;
    process.StandardOutput.ReadLine();
    Console.WriteLine($"PROBE run={i} first_output_ms={clock.Elapsed.TotalMilliseconds:0.0}");
    process.WaitForExit();
}
