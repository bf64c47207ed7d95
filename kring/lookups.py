"""Database lookups of our own, registered when the kring app is ready."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerIn(In):
    """`__in` on an integer column (ids among them) without the values outside the column's range: they match no row.
    Django already treats exact and the comparisons this way; for `__in` SQLite refuses the whole query with an
    OverflowError, so a posted id like 9223372036854775808 in a multiple choice field made a server error."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            laag, hoog = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                waarde
                for waarde in self.rhs
                if not isinstance(waarde, int)
                or ((laag is None or waarde >= laag) and (hoog is None or waarde <= hoog))
            ]
        return super().process_rhs(compiler, connection)
