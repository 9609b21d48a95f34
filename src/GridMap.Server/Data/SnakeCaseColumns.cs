using Microsoft.EntityFrameworkCore;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace GridMap.Server.Data;

/// <summary>Maps <c>RadiusM</c> to <c>radius_m</c>: the SQL migrations name columns in snake_case.</summary>
sealed partial class SnakeCaseColumns : IPropertyAddedConvention
{
    public void ProcessPropertyAdded(IConventionPropertyBuilder property, IConventionContext<IConventionPropertyBuilder> context) =>
        property.HasColumnName(Words().Replace(property.Metadata.Name, "$1_$2").ToLowerInvariant());

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex Words();
}
