"""import_h5p loads many packages from the command line and says why it refused any."""

import io

import pytest
from django.core.management import CommandError, call_command

from media.factories import tiny_package
from media.models import H5PPackage


@pytest.mark.django_db
def test_import_h5p_imports_good_files_and_names_each_rejection(tmp_path):
    """Two good packages are imported; the broken one is named with its reason and the command fails."""
    good = [tmp_path / "one.h5p", tmp_path / "two.h5p"]
    for path in good:
        path.write_bytes(tiny_package())
    bad = tmp_path / "bad.h5p"
    bad.write_bytes(b"not a zip")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 of 4"):
        call_command("import_h5p", *map(str, good), str(bad), str(tmp_path / "missing.h5p"), stdout=out, stderr=err)
    assert out.getvalue().count("imported “Tiny choice”") == 2
    assert "bad.h5p: rejected: This is not an H5P package" in err.getvalue()
    assert "missing.h5p: rejected: cannot read the file" in err.getvalue()
    assert H5PPackage.objects.count() == 2
