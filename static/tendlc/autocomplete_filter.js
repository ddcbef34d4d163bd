'use strict';
// A list filter chosen by typing (tendlc.admin.autocomplete_filter): picking a record, or clearing the box,
// opens the list filtered by it. select2 reports the choice as a jQuery change event, hence django.jQuery.
{
    const $ = django.jQuery;
    $(document).on('change', '.autocomplete-filter select', function() {
        const box = this.closest('.autocomplete-filter');
        const url = new URL(box.dataset.clearUrl, window.location.href);
        if (this.value) {
            url.searchParams.set(box.dataset.parameter, this.value);
        }
        window.location.href = url.href;
    });
}
