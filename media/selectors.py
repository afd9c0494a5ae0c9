"""Reads for the H5P player page."""

import json

from django.core.cache import cache
from django.core.files.storage import default_storage

from .models import LIBRARIES_DIR, H5PPackage
from .validation import LIBRARY_FOLDER

PLAYER_JSON_CACHE_SECONDS = 24 * 3600


def player_json_files(package: H5PPackage) -> dict[str, object]:
    """The JSON files h5p-standalone reads before it plays a package, by path under the files
    address: `packages/<folder>/h5p.json`, `.../content/content.json` and the `library.json` of each
    library the content needs, following dependencies as the player does.

    The player page carries them, so the player asks the network for none of them: it read the
    main library's library.json three times, and every request from its sandboxed frame goes to
    the server, since browsers keep no cache for a frame with an opaque origin. A file that is
    missing is left out (the player then asks for it and says it cannot play). Stored files never
    change, so the result is kept in the cache for a day.
    """
    key = f"sala:h5p-player-json:{package.folder}"
    files = cache.get(key)
    if files is None:
        files = _player_json_files(package)
        cache.set(key, files, PLAYER_JSON_CACHE_SECONDS)
    return files


def _player_json_files(package: H5PPackage) -> dict[str, object]:
    packages = f"packages/{package.folder}"
    h5p = _stored_json(f"{package.storage_path}/h5p.json")
    content = _stored_json(f"{package.storage_path}/content/content.json")
    if not isinstance(h5p, dict) or content is None:
        return {}
    files = {f"{packages}/h5p.json": h5p, f"{packages}/content/content.json": content}
    stored = {library.folder for library in package.libraries.all()}
    wanted, seen = list(_dependencies(h5p)), set()
    while wanted:
        folder = wanted.pop(0)
        if folder in seen or folder not in stored:
            continue
        seen.add(folder)
        library = _stored_json(f"{LIBRARIES_DIR}/{folder}/library.json")
        if isinstance(library, dict):
            files[f"libraries/{folder}/library.json"] = library
            wanted.extend(_dependencies(library))
    return files


def _dependencies(data: dict) -> list[str]:
    """Library folders named by preloadedDependencies, spelled as h5p-standalone spells them."""
    dependencies = data.get("preloadedDependencies")
    folders = []
    for item in dependencies if isinstance(dependencies, list) else []:
        if isinstance(item, dict):
            folder = f"{item.get('machineName')}-{item.get('majorVersion')}.{item.get('minorVersion')}"
            if LIBRARY_FOLDER.fullmatch(folder):
                folders.append(folder)
    return folders


def _stored_json(name: str):
    try:
        with default_storage.open(name, "rb") as stored:
            return json.loads(stored.read())
    except (OSError, ValueError):  # missing, a folder, or not JSON
        return None
