#if NETFRAMEWORK
namespace System.Runtime.CompilerServices
{
    /// <summary>Lets records and init-only setters compile for .NET Framework.</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
