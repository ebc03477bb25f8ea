using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Counterpart.Accounts;

/// <summary>
/// The password rules beyond Identity's length check: characters from at least three of four classes (lower case,
/// upper case, digits, others), not a common password (nor one followed only by digits and symbols, as in
/// "Password2024!"), and not containing the user name.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<Account>
{
    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var problems = Problems(password ?? "", user.UserName);
        return Task.FromResult(problems.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed([.. problems.Select(p => new IdentityError { Code = "PasswordPolicy", Description = p })]));
    }

    /// <summary>Every rule the password breaks, in Chinese; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Problems(string password, string? userName)
    {
        ArgumentNullException.ThrowIfNull(password);
        var problems = new List<string>();
        var classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0) + (password.Any(char.IsDigit) ? 1 : 0)
            + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (classes < 3)
        {
            problems.Add("密码要包含小写字母、大写字母、数字、符号这四类中的至少三类。");
        }

        var lower = password.ToLowerInvariant();
        var stem = lower.TrimEnd("0123456789!@#$%^&*()-_=+.,;:?~`'\"[]{}<>/\\| ".ToCharArray());
        if (Common.Value.Contains(lower) || (stem.Length >= 6 && Common.Value.Contains(stem)))
        {
            problems.Add("这是常见密码（或常见密码后面加数字、符号），很容易被猜中，请换一个。");
        }

        if (userName is { Length: >= 3 } && lower.Contains(userName.ToLowerInvariant(), StringComparison.Ordinal))
        {
            problems.Add("密码不能包含用户名。");
        }

        return problems;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Counterpart.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                words.Add(line);
            }
        }

        return words;
    }
}
