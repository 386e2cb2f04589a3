using System.Collections.Generic;
using System.Text;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>Builds a command-line string that every platform's argument parser splits back the same way.</summary>
    public static class CommandLine
    {
        public static string Join(IEnumerable<string> arguments)
        {
            var builder = new StringBuilder();
            foreach (string argument in arguments)
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                Append(builder, argument);
            }

            return builder.ToString();
        }

        /// <summary>Quotes one argument the way the Windows C runtime and .NET on Unix both parse it.</summary>
        private static void Append(StringBuilder builder, string argument)
        {
            if (argument.Length > 0 && !NeedsQuotes(argument))
            {
                builder.Append(argument);
                return;
            }

            builder.Append('"');
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                if (c == '"')
                {
                    builder.Append('\\', (backslashes * 2) + 1);
                }
                else
                {
                    builder.Append('\\', backslashes);
                }

                backslashes = 0;
                builder.Append(c);
            }

            builder.Append('\\', backslashes * 2);
            builder.Append('"');
        }

        /// <summary>White space or a quote character: the argument must be quoted (a loop: no search table to build first).</summary>
        private static bool NeedsQuotes(string argument)
        {
            foreach (char c in argument)
            {
                if (c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'')
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Splits a user-written argument string ("--minify --gc") on unquoted white space.</summary>
        public static List<string> Split(string? text)
        {
            var result = new List<string>();
            if (string.IsNullOrWhiteSpace(text))
            {
                return result;
            }

            var current = new StringBuilder();
            bool inQuotes = false;
            bool any = false;
            foreach (char c in text!)
            {
                if (c == '"')
                {
                    inQuotes = !inQuotes;
                    any = true;
                }
                else if (!inQuotes && char.IsWhiteSpace(c))
                {
                    if (any)
                    {
                        result.Add(current.ToString());
                        current.Clear();
                        any = false;
                    }
                }
                else
                {
                    current.Append(c);
                    any = true;
                }
            }

            if (any)
            {
                result.Add(current.ToString());
            }

            return result;
        }
    }
}
